/**
 * Real TMX input and independent TMX readers for the tests, fetched at test time and cached under .cache/:
 *
 * - Debian's libxml-tmx-perl source (the XML::TMX CPAN distribution) ships `t/sample.tmx`, a TMX 1.4 file
 *   written by a translation tool (an English-Portuguese aligned Bible extract with header and unit props
 *   and notes, segments wrapped over several lines), and `t/tmx14.dtd`, the TMX 1.4 DTD, which xmllint
 *   validates exports against.
 * - translate-toolkit's TMX reader (Debian python3-translate) reads exports as other tools would.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DOWNLOADS_DIR, CACHE_DIR } from '../../conformance/cache.js';
import { downloadDebianSource } from '../../conformance/fetchDebian.js';

const PACKAGE = { name: 'libxml-tmx-perl', version: '0.39-1', folder: 'XML-TMX-0.39' };
const UNPACKED = join(CACHE_DIR, 'unpacked', 'tmx');

const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Paths of the Debian package's sample TMX file and of its TMX 1.4 DTD. Test files run in parallel
 * processes and apt allows one at a time: the first to take the lock (a directory) fetches, the others
 * wait for the files until a deadline.
 */
export function debianTmxFiles(): { sample: string; dtd: string } {
  const root = join(UNPACKED, PACKAGE.folder);
  const files = { sample: join(root, 't', 'sample.tmx'), dtd: join(root, 't', 'tmx14.dtd') };
  const lock = join(CACHE_DIR, 'tmx-fetch.lock');
  const deadline = Date.now() + 300_000;
  while (!existsSync(files.dtd)) {
    mkdirSync(CACHE_DIR, { recursive: true });
    let owner = false;
    try {
      mkdirSync(lock);
      owner = true;
    } catch {
      if (Date.now() > deadline) throw new Error(`Gave up waiting for ${lock} to go (a fetch that died?)`);
      pause(200);
      continue;
    }
    try {
      if (owner && !existsSync(files.dtd)) {
        const tarball = downloadDebianSource(PACKAGE.name, PACKAGE.version, DOWNLOADS_DIR);
        mkdirSync(UNPACKED, { recursive: true });
        execFileSync('tar', ['-xf', tarball, '-C', UNPACKED]);
      }
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  return files;
}

/** xmllint's verdict on a file: well-formed, and valid against `dtd` when given ('' when all is well). */
export function xmllintProblems(file: string, dtd?: string): string {
  const result = spawnSync('xmllint', ['--noout', '--nonet', ...(dtd ? ['--dtdvalid', dtd] : []), file], {
    encoding: 'utf8',
  });
  if (result.error) throw result.error;
  return result.status === 0 ? '' : result.stderr || `xmllint exited ${result.status}`;
}

const PYTHON_READER = `
import json, sys
from translate.storage import tmx
store = tmx.tmxfile.parsefile(sys.argv[1])
units = [u for u in store.units]
print(json.dumps({
  "units": [{"source": u.source, "target": u.target} for u in units],
  "languages": [[tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in u.xmlelement.iterchildren("{*}tuv")] for u in units],
}))
`;

export interface ToolkitReading {
  units: { source: string; target: string }[];
  languages: string[][];
}

/** The units translate-toolkit's TMX reader (Debian python3-translate) finds in a file. */
export function translateToolkitReads(file: string): ToolkitReading {
  const result = spawnSync('/usr/bin/python3', ['-c', PYTHON_READER, file], { encoding: 'utf8' });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(
      `translate-toolkit could not read ${file} (is Debian's python3-translate installed? apt-get install python3-translate): ${result.stderr}`,
    );
  }
  return JSON.parse(result.stdout) as ToolkitReading;
}
