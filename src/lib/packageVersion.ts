import { readFileSync } from 'node:fs';

/** The app's version from package.json, reported by the health endpoint; `0.0.0` when it cannot be read. */
export function packageVersion(): string {
  try {
    const url = new URL('../../package.json', import.meta.url);
    const pkg = JSON.parse(readFileSync(url, 'utf8')) as { version?: string };
    if (pkg.version) return pkg.version;
  } catch {
    // Compiled output sits one level deeper (dist/src/lib); try there before giving up.
  }
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
