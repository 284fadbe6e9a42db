#!/usr/bin/env bash
# Fetches the pinned Bicep CLI from NuGet (Azure.Bicep.CommandLine.linux-x64) into .cache/bicep, then, with
# `check` (npm run bicep:check), compiles and lints infra/bicep/main.bicep. Any error or warning fails: a warning
# that is accepted must be silenced where it occurs with `#disable-next-line <rule>` and a comment saying why.
# Other arguments are passed to the CLI (`scripts/bicep.sh --version`).
# Downloads with the .NET SDK (`dotnet restore` of a throwaway project) when it is installed, otherwise with curl
# and unzip from NuGet's package URL; either way the package must match the pinned SHA-512. The CLI itself is a
# self-contained binary.
set -euo pipefail
cd "$(dirname "$0")/.."

BICEP_VERSION=0.49.2
# SHA-512 of azure.bicep.commandline.linux-x64.$BICEP_VERSION.nupkg (sha512sum).
BICEP_SHA512=9019d7d221bdc1dfcf59d093c057d4be6e897a69fee4beec63b6fb1d08b993e2cbc1d166adbc38cb94532c5c5ec0214c741a944e188e20b31aeec8339253c401
CACHE_DIR="$PWD/.cache/bicep/$BICEP_VERSION"
PACKAGE_DIR="$CACHE_DIR/packages/azure.bicep.commandline.linux-x64/$BICEP_VERSION"
BICEP="$PACKAGE_DIR/tools/bicep"

fail() {
  echo "scripts/bicep.sh: $*" >&2
  exit 1
}

verify() {
  [ "$(sha512sum "$1" | cut -d' ' -f1)" = "$BICEP_SHA512" ] || fail "$1 does not match the pinned SHA-512"
}

restore_with_dotnet() {
  mkdir -p "$CACHE_DIR/project"
  # The project's only purpose is the PackageDownload: restore puts the package in $CACHE_DIR/packages.
  cat >"$CACHE_DIR/project/fetch-bicep.csproj" <<CSPROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net$(dotnet --version | cut -d. -f1-2)</TargetFramework>
    <RestorePackagesPath>$CACHE_DIR/packages</RestorePackagesPath>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="Azure.Bicep.CommandLine.linux-x64" Version="[$BICEP_VERSION]" />
  </ItemGroup>
</Project>
CSPROJ
  DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 dotnet restore "$CACHE_DIR/project/fetch-bicep.csproj" >&2
  verify "$PACKAGE_DIR/azure.bicep.commandline.linux-x64.$BICEP_VERSION.nupkg"
}

download_with_curl() {
  command -v curl >/dev/null && command -v unzip >/dev/null ||
    fail "neither dotnet nor curl and unzip are installed: one of them is needed to fetch the Bicep CLI"
  local nupkg="$CACHE_DIR/download.nupkg"
  mkdir -p "$PACKAGE_DIR"
  curl -fsSL --retry 3 -o "$nupkg" \
    "https://api.nuget.org/v3-flatcontainer/azure.bicep.commandline.linux-x64/$BICEP_VERSION/azure.bicep.commandline.linux-x64.$BICEP_VERSION.nupkg"
  verify "$nupkg"
  unzip -q -o "$nupkg" 'tools/*' -d "$PACKAGE_DIR"
  rm "$nupkg"
}

fetch_bicep() {
  [ -x "$BICEP" ] && return
  [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] ||
    fail "the pinned package is the linux-x64 build; this is $(uname -s)-$(uname -m)"
  if command -v dotnet >/dev/null; then restore_with_dotnet; else download_with_curl; fi
  chmod +x "$BICEP"
}

fetch_bicep
# Bicep is a .NET program: without ICU (slim images) it still runs with invariant globalization.
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
if [ "${1:-}" != "check" ]; then
  exec "$BICEP" "$@"
fi

status=0
run() {
  local output
  echo "\$ bicep $*"
  # Bicep prints diagnostics on stderr as "<file>(<line>,<col>) : <Level> <rule>: <message>".
  if ! output=$("$BICEP" "$@" 2>&1 >/dev/null); then status=1; fi
  if [ -n "$output" ]; then echo "$output"; fi
  if grep -qE ': (Error|Warning) ' <<<"$output"; then status=1; fi
}
run build infra/bicep/main.bicep --stdout
run lint infra/bicep/main.bicep
if [ "$status" -ne 0 ]; then
  echo "bicep:check failed: fix the errors and warnings above (or justify a warning with #disable-next-line)" >&2
  exit 1
fi
echo "bicep:check: main.bicep builds and lints with no errors or warnings ($("$BICEP" --version))"
