#!/usr/bin/env bash
# Fetches the pinned Bicep CLI from NuGet (Azure.Bicep.CommandLine.linux-x64) into .cache/bicep, then, with
# `check` (npm run bicep:check), compiles and lints infra/bicep/main.bicep. Any error or warning fails: a warning
# that is accepted must be silenced where it occurs with `#disable-next-line <rule>` and a comment saying why.
# Other arguments are passed to the CLI (`scripts/bicep.sh --version`).
# Needs the .NET SDK (`dotnet`), used only to download the package; the CLI itself is a self-contained binary.
set -euo pipefail
cd "$(dirname "$0")/.."

BICEP_VERSION=0.49.2
CACHE_DIR="$PWD/.cache/bicep/$BICEP_VERSION"
BICEP="$CACHE_DIR/packages/azure.bicep.commandline.linux-x64/$BICEP_VERSION/tools/bicep"

fetch_bicep() {
  [ -x "$BICEP" ] && return
  if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
    echo "scripts/bicep.sh: the pinned package is the linux-x64 build; this is $(uname -s)-$(uname -m)" >&2
    exit 1
  fi
  if ! command -v dotnet >/dev/null; then
    echo "scripts/bicep.sh: the .NET SDK (dotnet) is needed to download the Bicep CLI from NuGet" >&2
    exit 1
  fi
  mkdir -p "$CACHE_DIR/project"
  # A throwaway project whose only purpose is the PackageDownload: `dotnet restore` puts the package in
  # $CACHE_DIR/packages without building anything.
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
  chmod +x "$BICEP"
}

fetch_bicep
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
