import { po } from 'gettext-parser';
import type { GetTextTranslations } from 'gettext-parser';
import { PermanentItemError } from '../errors.js';

/** One physical line: `end` is where its content stops, `next` where the following line starts. */
export interface Line {
  start: number;
  end: number;
  next: number;
  text: string;
}

type Key = 'msgctxt' | 'msgid' | 'msgid_plural' | 'msgstr';

export interface Field {
  key: Key;
  /** The `[n]` of `msgstr[n]`. */
  index?: number;
  lines: Line[];
  /** Each line's quoted strings, still escaped, without the quotes (joined when a line has several). */
  raws: string[];
  value: string;
}

export interface Entry {
  comments: Line[];
  fields: Field[];
}

/** A keyword and one or more strings: GNU gettext reads `msgid "a" "b"` on one line as "ab" (git-gui has it). */
const KEYWORD_LINE = /^(\s*)(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s*((?:"(?:[^"\\]|\\.)*"\s*)+)$/;
const STRING_LINE = /^\s*((?:"(?:[^"\\]|\\.)*"\s*)+)$/;
const QUOTED = /"((?:[^"\\]|\\.)*)"/g;
/** The raw contents of a line's strings, joined. */
const stringsOf = (strings: string): string => [...strings.matchAll(QUOTED)].map((m) => m[1] ?? '').join('');

const invalidPo = (detail: string): PermanentItemError =>
  new PermanentItemError('invalid_document', `The file is not a valid PO file: ${detail}.`);

/**
 * Same escape semantics as gettext-parser (`\n \t \r`, any other escaped character stands for itself), so the
 * two readings can be compared. Translation never decodes with it: escapes stay as written (gettextStrings).
 */
export const unescapePo = (raw: string): string =>
  raw.replace(/\\(.)/g, (_, ch: string) => (ch === 'n' ? '\n' : ch === 't' ? '\t' : ch === 'r' ? '\r' : ch));

function splitLines(source: string): Line[] {
  const lines: Line[] = [];
  for (let start = 0; start < source.length;) {
    const newline = source.indexOf('\n', start);
    const next = newline === -1 ? source.length : newline + 1;
    const end =
      newline > start && source[newline - 1] === '\r' ? newline - 1 : newline === -1 ? next : newline;
    // A byte order mark belongs to no line: edits at the first line must leave it in place.
    const contentStart = start === 0 && source.startsWith('\uFEFF') ? 1 : start;
    lines.push({ start: contentStart, end, next, text: source.slice(contentStart, end) });
    start = next;
  }
  return lines;
}

/** gettext-parser gives no offsets, so the layout is read line by line and then checked against it. */
function scanEntries(source: string): Entry[] {
  const entries: Entry[] = [];
  let entry: Entry = { comments: [], fields: [] };
  let previous: 'blank' | 'comment' | 'string' = 'blank';
  const has = (key: Key) => entry.fields.some((f) => f.key === key);
  const startEntry = () => {
    if (entry.fields.length > 0 || entry.comments.length > 0) entries.push(entry);
    entry = { comments: [], fields: [] };
  };
  splitLines(source).forEach((line, number) => {
    const where = `line ${number + 1}`;
    if (line.text.trim() === '') {
      previous = 'blank';
      return;
    }
    if (line.text.trimStart().startsWith('#')) {
      if (has('msgstr')) startEntry();
      else if (entry.fields.length > 0) throw invalidPo(`comment inside an entry at ${where}`);
      entry.comments.push(line);
      previous = 'comment';
      return;
    }
    const keyword = KEYWORD_LINE.exec(line.text);
    if (keyword) {
      const [, , name = '', index, strings = ''] = keyword;
      const key = name.replace(/\[\d+\]$/, '') as Key;
      if ((key === 'msgctxt' || key === 'msgid') && has('msgstr')) startEntry();
      const misplaced =
        (key === 'msgctxt' && entry.fields.length > 0) ||
        (key === 'msgid' && has('msgid')) ||
        (key === 'msgid_plural' && (!has('msgid') || has('msgid_plural') || has('msgstr'))) ||
        (key === 'msgstr' && !has('msgid'));
      if (misplaced) throw invalidPo(`unexpected ${name} at ${where}`);
      const field: Field = { key, lines: [line], raws: [stringsOf(strings)], value: '' };
      if (index !== undefined) field.index = Number(index);
      entry.fields.push(field);
      previous = 'string';
      return;
    }
    const continuation = STRING_LINE.exec(line.text);
    const field = entry.fields.at(-1);
    if (!continuation || previous !== 'string' || !field) throw invalidPo(`unexpected text at ${where}`);
    field.lines.push(line);
    field.raws.push(stringsOf(continuation[1] ?? ''));
  });
  startEntry();
  for (const { fields } of entries) {
    for (const field of fields) field.value = unescapePo(field.raws.join(''));
    const msgstrs = fields.filter((f) => f.key === 'msgstr');
    if (fields.length === 0) continue;
    const plural = fields.some((f) => f.key === 'msgid_plural');
    const wellFormed = plural
      ? msgstrs.length > 0 && msgstrs.every((f, i) => f.index === i)
      : msgstrs.length === 1 && msgstrs[0]?.index === undefined;
    if (!wellFormed)
      throw invalidPo(`entry at line ${lineNumberOf(source, fields[0]?.lines[0])} has bad msgstr`);
  }
  return entries;
}

const lineNumberOf = (source: string, line: Line | undefined): number =>
  source.slice(0, line?.start ?? 0).split('\n').length;

export const fieldOf = (entry: Entry, key: Key): Field | undefined => entry.fields.find((f) => f.key === key);
export const msgstrsOf = (entry: Entry): Field[] => entry.fields.filter((f) => f.key === 'msgstr');

/** Both readings must agree on every entry; a disagreement means syntax one of them misread. */
function crossCheck(entries: readonly Entry[], parsed: GetTextTranslations): void {
  const parsedCount = Object.values(parsed.translations).reduce((n, byId) => n + Object.keys(byId).length, 0);
  const active = entries.filter((e) => e.fields.length > 0);
  if (active.length !== parsedCount) throw invalidPo('duplicate or unreadable entries');
  for (const entry of active) {
    const context = fieldOf(entry, 'msgctxt')?.value ?? '';
    const msgid = fieldOf(entry, 'msgid')?.value ?? '';
    const other = Object.hasOwn(parsed.translations, context) ? parsed.translations[context] : undefined;
    const match = other && Object.hasOwn(other, msgid) ? other[msgid] : undefined;
    const same =
      match !== undefined &&
      (match.msgid_plural ?? '') === (fieldOf(entry, 'msgid_plural')?.value ?? '') &&
      match.msgstr.join('\u0000') ===
        msgstrsOf(entry)
          .map((f) => f.value)
          .join('\u0000');
    if (!same) throw invalidPo(`entry "${msgid.slice(0, 40)}" reads differently than expected`);
  }
}

export interface PoFile {
  /** Entries in file order, obsolete (`#~`) ones excluded: they are comments to every reader. */
  entries: Entry[];
  /** The header's fields as gettext-parser reads them (`Plural-Forms`, `Language` …). */
  headers: Readonly<Record<string, string>>;
}

/**
 * gettext-parser reads the catalogue; the line scan finds where each part sits. Both must agree, so a file
 * only one of them understands is rejected instead of being half translated.
 */
export function readPoEntries(source: string): PoFile {
  let parsed: GetTextTranslations;
  try {
    parsed = po.parse(source);
  } catch (error) {
    throw invalidPo((error instanceof Error ? error.message : String(error)).replace(/\.+$/, ''));
  }
  const entries = scanEntries(source).filter((e) => e.fields.length > 0);
  crossCheck(entries, parsed);
  return { entries, headers: parsed.headers ?? {} };
}
