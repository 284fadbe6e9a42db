/**
 * A catalogue as GNU gettext reads it: `msgcat --no-wrap` rewrites the file canonically (one string per
 * keyword line, strings split only after `\n`, obsolete entries as `#~`), and this reads that canonical form.
 */
import { runTool } from '../tools.js';

export interface PoEntry {
  obsolete: boolean;
  /** Comment lines other than flags, in order. */
  comments: string[];
  flags: string[];
  context?: string;
  id: string;
  plural?: string;
  strs: string[];
}

const unescape = (s: string): string =>
  s.replace(
    /\\(.)/g,
    (_, c: string) =>
      ({ n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', a: '\x07', b: '\b', f: '\f', v: '\v' })[c] ??
      `\\${c}`,
  );

function readEntry(lines: string[]): PoEntry | undefined {
  const entry: PoEntry = { obsolete: false, comments: [], flags: [], id: '', strs: [] };
  let field: { set: (v: string) => void } | undefined;
  let seen = false;
  for (const raw of lines) {
    let line = raw;
    if (line.startsWith('#~')) {
      entry.obsolete = true;
      line = line.replace(/^#~\s?/, '');
      if (line.startsWith('|')) continue;
    }
    if (line.startsWith('#,')) {
      entry.flags.push(
        ...line
          .slice(2)
          .split(',')
          .map((f) => f.trim())
          .filter(Boolean),
      );
      continue;
    }
    if (line.startsWith('#')) {
      entry.comments.push(line);
      continue;
    }
    const keyword = /^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"$/.exec(line);
    if (keyword) {
      seen = true;
      const [, name = '', index, value = ''] = keyword;
      const text = unescape(value);
      if (name === 'msgctxt') field = { set: (v) => (entry.context = (entry.context ?? '') + v) };
      else if (name === 'msgid') field = { set: (v) => (entry.id += v) };
      else if (name === 'msgid_plural') field = { set: (v) => (entry.plural = (entry.plural ?? '') + v) };
      else {
        const n = index === undefined ? 0 : Number(index);
        entry.strs[n] = '';
        field = { set: (v) => (entry.strs[n] += v) };
      }
      field.set(text);
      continue;
    }
    const continuation = /^"(.*)"$/.exec(line);
    if (continuation && field) field.set(unescape(continuation[1] ?? ''));
  }
  return seen ? entry : undefined;
}

export function readCanonical(text: string): PoEntry[] {
  return text
    .split(/\n\s*\n/)
    .map((block) => readEntry(block.split('\n').filter((l) => l !== '')))
    .filter((e): e is PoEntry => e !== undefined);
}

/** The entries of a catalogue as msgcat reads it, or the reason it cannot. */
export async function poEntries(bytes: Buffer): Promise<PoEntry[] | string> {
  // A template's `charset=CHARSET` is a placeholder msgcat refuses to convert from; its text is ASCII or UTF-8.
  const latin1 = bytes.toString('latin1');
  const readable = latin1.includes('charset=CHARSET')
    ? Buffer.from(latin1.replace('charset=CHARSET', 'charset=UTF-8'), 'latin1')
    : bytes;
  const result = await runTool('msgcat', ['--no-wrap', '-t', 'UTF-8', '-'], readable);
  if (result.code !== 0) return result.stderr.trim() || `msgcat exit ${result.code}`;
  return readCanonical(result.stdout);
}

export const isHeader = (e: PoEntry): boolean => e.id === '' && e.context === undefined && !e.obsolete;

/** Untranslated (an empty msgstr) or fuzzy: what a translation tool is expected to fill. */
export const isPending = (e: PoEntry): boolean =>
  !e.obsolete && !isHeader(e) && (e.strs.some((s) => s === '') || e.flags.includes('fuzzy'));

export function headerFields(e: PoEntry | undefined): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of (e?.strs[0] ?? '').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return fields;
}
