/** npm packages through `npm pack` (the registry npm is configured with), one call for every missing tarball. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** The file name `npm pack` gives a package's tarball: `@scope/name@1.0.0` → `scope-name-1.0.0.tgz`. */
export const npmTarballName = (name: string, version: string): string =>
  `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;

/** Downloads every `name@version` whose tarball is not in `downloads` yet. */
export function downloadNpmPackages(
  packages: readonly { name: string; version: string }[],
  downloads: string,
): void {
  mkdirSync(downloads, { recursive: true });
  const missing = packages.filter((p) => !existsSync(join(downloads, npmTarballName(p.name, p.version))));
  if (missing.length === 0) return;
  execFileSync(
    'npm',
    [
      'pack',
      '--silent',
      '--ignore-scripts',
      '--pack-destination',
      downloads,
      ...missing.map((p) => `${p.name}@${p.version}`),
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  for (const p of missing) {
    if (!existsSync(join(downloads, npmTarballName(p.name, p.version)))) {
      throw new Error(`npm pack left no tarball for ${p.name}@${p.version}.`);
    }
  }
}
