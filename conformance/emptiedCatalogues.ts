/**
 * Derived PO inputs. Real catalogues are mostly translated already, so the pseudo translation would only reach
 * their few pending entries; the emptied variant of each catalogue (not of templates) blanks every msgstr and
 * keeps the header, so every entry is filled again, plural ones by the file's own `Plural-Forms`. GNU msgattrib
 * derives it from the pinned file at run time (cached, never committed): every entry but the header is marked
 * fuzzy, then every fuzzy mark is cleared with `--empty`, which blanks the msgstr it clears. The variants are
 * judged exactly like the originals and reported as their own project rows, `<project> (emptied)`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DERIVED_DIR, folderName } from './cache.js';
import type { CorpusFile } from './corpus.js';

const SUFFIX = ' (emptied)';

export const emptiedProject = (project: string): string => `${project}${SUFFIX}`;
export const isEmptiedProject = (project: string): boolean => project.endsWith(SUFFIX);
/** The real project a row comes from: `git (emptied)` → `git`. */
export const realProject = (project: string): string =>
  isEmptiedProject(project) ? project.slice(0, -SUFFIX.length) : project;

/** A catalogue holding only a header: msgattrib's `--ignore-file` leaves the entries it lists (the header) alone. */
function headerOnlyCatalogue(dir: string): string {
  const path = join(dir, 'header-only.po');
  if (!existsSync(path))
    writeFileSync(path, 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n');
  return path;
}

/** Where the emptied catalogue is cached, or why msgattrib could not make it (an input it cannot read). */
function emptied(file: CorpusFile, dir: string): { path: string } | string {
  const path = join(dir, `${folderName(file.id)}.po`);
  if (existsSync(path)) return { path };
  const keepHeader = `--ignore-file=${headerOnlyCatalogue(dir)}`;
  const msgattrib = (args: string[], input: Buffer): Buffer =>
    execFileSync('msgattrib', [...args, keepHeader, '-'], { input, stdio: ['pipe', 'pipe', 'pipe'] });
  try {
    const allFuzzy = msgattrib(['--set-fuzzy'], file.read());
    const bytes = msgattrib(['--clear-fuzzy', '--empty'], allFuzzy);
    writeFileSync(path, bytes);
    return { path };
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return stderr || String(error);
  }
}

/** The corpus plus the emptied variant of every PO catalogue in it; prints the catalogues msgattrib refused. */
export function withEmptiedCatalogues(files: readonly CorpusFile[]): CorpusFile[] {
  mkdirSync(DERIVED_DIR, { recursive: true });
  const derived: CorpusFile[] = [];
  for (const file of files) {
    if (file.format !== 'po' || file.fileName.endsWith('.pot')) continue;
    const made = emptied(file, DERIVED_DIR);
    if (typeof made === 'string') {
      console.log(`  no emptied variant of ${file.id}: ${made.split('\n')[0] ?? ''}`);
      continue;
    }
    derived.push({
      project: emptiedProject(file.project),
      format: 'po',
      id: `${file.id}${SUFFIX}`,
      fileName: file.fileName,
      read: () => readFileSync(made.path),
    });
  }
  return [...files, ...derived];
}
