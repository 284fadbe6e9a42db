/**
 * Debian source packages through apt-get, with a private sources list and private package lists kept in the
 * cache: the system's apt configuration is read (for the mirror it uses), never changed. Only the upstream
 * tarball is downloaded (`--tar-only`); it is unpacked with tar.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APT_DIR } from './cache.js';

const SUITE = 'bookworm';

/** The first Debian archive this machine's apt uses (deb822 `.sources` or one-line format). */
function systemMirror(): string {
  const candidates = ['/etc/apt/sources.list.d', '/etc/apt'].flatMap((dir) =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith('.sources') || f.endsWith('.list'))
          .map((f) => join(dir, f))
      : [],
  );
  for (const file of candidates) {
    const text = readFileSync(file, 'utf8');
    const deb822 = /^URIs:\s*(\S+)/m.exec(text);
    if (deb822?.[1] && !deb822[1].includes('security')) return deb822[1];
    const line = /^deb(?:-src)?\s+(?:\[[^\]]*\]\s+)?(\S+)\s+\S+/m.exec(text);
    if (line?.[1] && !line[1].includes('security')) return line[1];
  }
  throw new Error('No Debian mirror found in /etc/apt: the conformance suite needs apt to reach Debian.');
}

const aptOptions = (): string[] => [
  '-o',
  `Dir::Etc::SourceList=${join(APT_DIR, 'sources.list')}`,
  '-o',
  'Dir::Etc::SourceParts=/dev/null',
  '-o',
  `Dir::State::Lists=${join(APT_DIR, 'lists')}`,
  '-o',
  `Dir::Cache=${join(APT_DIR, 'cache')}`,
];

let listsReady = false;

function ensureLists(): void {
  if (listsReady) return;
  mkdirSync(join(APT_DIR, 'lists', 'partial'), { recursive: true });
  mkdirSync(join(APT_DIR, 'cache', 'archives', 'partial'), { recursive: true });
  writeFileSync(join(APT_DIR, 'sources.list'), `deb-src ${systemMirror()} ${SUITE} main\n`);
  execFileSync('apt-get', [...aptOptions(), 'update'], { stdio: ['ignore', 'ignore', 'inherit'] });
  listsReady = true;
}

/** Downloads `pkg=version`'s upstream tarball into `downloads` (skipped when already there); returns its path. */
export function downloadDebianSource(pkg: string, version: string, downloads: string): string {
  const upstream = version.replace(/^\d+:/, '').replace(/-[^-]*$/, '');
  const isTarball = (f: string) =>
    (f.startsWith(`${pkg}_${upstream}.orig.tar.`) || f.startsWith(`${pkg}_${upstream}.tar.`)) &&
    !f.endsWith('.asc');
  mkdirSync(downloads, { recursive: true });
  const present = readdirSync(downloads).find(isTarball);
  if (present) return join(downloads, present);
  ensureLists();
  try {
    execFileSync(
      'apt-get',
      [...aptOptions(), 'source', '--download-only', '--tar-only', `${pkg}=${version}`],
      {
        cwd: downloads,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(
      `apt-get could not download the source of ${pkg}=${version} (a pin no longer in ${SUITE}? ` +
        `update conformance/sources.ts): ${stderr.trim()}`,
    );
  }
  const fetched = readdirSync(downloads).find(isTarball);
  if (!fetched) throw new Error(`apt-get source ${pkg}=${version} left no upstream tarball in ${downloads}.`);
  return join(downloads, fetched);
}
