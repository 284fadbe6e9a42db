/** Fetches (or finds in the cache) every pinned source, unpacks it, and lists the files each rule selects. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { DOWNLOADS_DIR, UNPACKED_DIR, folderName } from './cache.js';
import { downloadDebianSource } from './fetchDebian.js';
import { downloadNpmPackages, npmTarballName } from './fetchNpm.js';
import { originId, type FormatKey, type Source } from './sources.js';

export interface CorpusFile {
  project: string;
  format: FormatKey;
  /** `package=version:path` or `package@version:path`: how the report and the listing name the file. */
  id: string;
  /** The name the product sees (its extension picks the format). */
  fileName: string;
  read(): Buffer;
}

/** What a source keeps of its archive: the files its rules select (all of it for the spec, read by its own code). */
const keeps = (source: Source, inside: string): boolean =>
  source.specExamples === true ||
  source.keep?.test(inside) === true ||
  source.files.some((r) => r.include.test(inside) && !r.exclude?.test(inside));

const rulesSignature = (source: Source): string =>
  JSON.stringify([
    source.specExamples ?? false,
    String(source.keep),
    source.files.map((r) => [r.format, String(r.include), String(r.exclude)]),
  ]);

/** Unpacks an archive once, keeping only the files the source's rules select (the marker records the rules). */
function unpack(tarball: string, source: Source): string {
  const dir = join(UNPACKED_DIR, folderName(originId(source.origin)));
  const marker = join(dir, '.unpacked');
  const signature = rulesSignature(source);
  if (existsSync(marker) && readFileSync(marker, 'utf8') === signature) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // Every archive holds one top folder (`package/` for npm, `name-version/` for Debian): the paths start below it.
  // Old npm tarballs carry npm's own pax keywords (`NODETAR.*`), which GNU tar would list one warning each for.
  const options = ['--strip-components=1', '--no-same-owner', '--warning=no-unknown-keyword'];
  execFileSync('tar', ['-xf', tarball, '-C', dir, ...options], {
    stdio: 'inherit',
  });
  for (const path of walk(dir)) if (!keeps(source, relative(dir, path))) rmSync(path);
  writeFileSync(marker, signature);
  return dir;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return [];
    return stat.isDirectory() ? walk(path) : stat.isFile() ? [path] : [];
  });
}

/** The CommonMark spec's examples, as its package reads them; `→` stands for a tab in the spec's text. */
function specExamples(source: Source, dir: string): CorpusFile[] {
  const spec = createRequire(import.meta.url)(join(dir, 'index.js')) as {
    tests: { markdown: string; number: number }[];
  };
  const id = originId(source.origin);
  return spec.tests.map((example) => ({
    project: source.project,
    format: 'markdown',
    id: `${id}:spec.txt#example-${example.number}`,
    fileName: `example-${example.number}.md`,
    read: () => Buffer.from(example.markdown.replace(/→/g, '\t'), 'utf8'),
  }));
}

/** Unpacked folder of every source, downloading what the cache lacks (npm tarballs in one `npm pack`). */
export function fetchSources(sources: readonly Source[]): Map<Source, string> {
  const npm = sources.flatMap((s) => (s.origin.kind === 'npm' ? [s.origin] : []));
  downloadNpmPackages(npm, join(DOWNLOADS_DIR, 'npm'));
  const dirs = new Map<Source, string>();
  for (const source of sources) {
    const { origin } = source;
    const tarball =
      origin.kind === 'npm'
        ? join(DOWNLOADS_DIR, 'npm', npmTarballName(origin.name, origin.version))
        : downloadDebianSource(origin.package, origin.version, join(DOWNLOADS_DIR, 'debian'));
    dirs.set(source, unpack(tarball, source));
  }
  return dirs;
}

export function listCorpus(dirs: Map<Source, string>): CorpusFile[] {
  const files: CorpusFile[] = [];
  for (const [source, dir] of dirs) {
    if (source.specExamples) files.push(...specExamples(source, dir));
    const id = originId(source.origin);
    for (const path of walk(dir).sort()) {
      const inside = relative(dir, path);
      const rule = source.files.find((r) => r.include.test(inside) && !r.exclude?.test(inside));
      if (!rule || inside === '.unpacked') continue;
      files.push({
        project: source.project,
        format: rule.format,
        id: `${id}:${inside}`,
        fileName: inside,
        read: () => readFileSync(path),
      });
    }
  }
  return files;
}
