import type { SegmentPieces } from '../translation/translator.js';
import type { FormatContext, ParsedDocument, TextFormat } from './format.js';
import { conventionsForFlags } from './gettextFlags.js';
import { eolAfter, planHeader, poStatement } from './gettextHeader.js';
import { countsPerForm, type PluralRule } from './gettextPlurals.js';
import { decodePoEscapes, encodePoText, poPieces, splitEdges } from './gettextStrings.js';
import { hasLetters, rebuildTranslation } from './pieceMatching.js';
import { fieldOf, msgstrsOf, readPoEntries, type Entry, type Field, type Line } from './poEntries.js';
import { applyEdits, type SourceEdit } from './splice.js';

const FLAG_LINE = /^\s*#,/;

const flagsOf = (line: Line): string[] =>
  line.text
    .replace(FLAG_LINE, '')
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');

const entryFlags = (entry: Entry): string[] =>
  entry.comments.filter((c) => FLAG_LINE.test(c.text)).flatMap(flagsOf);

function unfuzzyEdits(entry: Entry): SourceEdit[] {
  return entry.comments
    .filter((c) => FLAG_LINE.test(c.text) && flagsOf(c).includes('fuzzy'))
    .map((line) => {
      const flags = flagsOf(line).filter((f) => f !== 'fuzzy');
      return flags.length === 0
        ? { start: line.start, end: line.next, text: '' }
        : { start: line.start, end: line.end, text: `#, ${flags.join(', ')}` };
    });
}

/**
 * A draft entry is flagged `fuzzy`, as GNU gettext flags a translation nobody has reviewed: added first to
 * an existing flag line, else on a new `#,` line where gettext puts it (before `#|` previous-msgid comments,
 * else right before the entry's keywords). msgfmt leaves fuzzy entries out of the compiled catalogue.
 */
function fuzzyEdits(source: string, entry: Entry): SourceEdit[] {
  const flagLines = entry.comments.filter((c) => FLAG_LINE.test(c.text));
  if (flagLines.some((line) => flagsOf(line).includes('fuzzy'))) return [];
  const first = flagLines[0];
  if (first)
    return [{ start: first.start, end: first.end, text: `#, ${['fuzzy', ...flagsOf(first)].join(', ')}` }];
  const before = entry.comments.find((c) => /^\s*#\|/.test(c.text)) ?? entry.fields[0]?.lines[0];
  if (!before) return [];
  return [{ start: before.start, end: before.start, text: `#, fuzzy${eolAfter(source, before)}` }];
}

/** One msgid or msgid_plural to translate: its whitespace edges stay out of the segment. */
interface Source {
  field: Field;
  lead: string;
  trail: string;
  pieces: SegmentPieces;
  /** Index into the document's segments; undefined when the core has no words and is copied. */
  slot: number | undefined;
}

interface PendingEntry {
  entry: Entry;
  /** The msgid, then the msgid_plural when there is one. */
  sources: Source[];
  /** Per msgstr[n] of a plural entry, which source it is translated from. */
  forms: number[];
}

const keepsOf = (pieces: SegmentPieces): string =>
  pieces
    .filter((p) => p.kind === 'keep')
    .map((p) => p.text)
    .sort()
    .join('\u0000');

/**
 * Which source fills each form. A form only used for n = 1 takes the singular; one that also serves other
 * counts (Russian form 0: 1, 21, 31 …; French: 0 and 1) takes the singular only when it carries the same
 * placeholders as the plural (`%d file` / `%d files`), else the plural, so `%d` is never lost; forms
 * without 1 and a language's single form take the plural.
 */
function formSources(rule: PluralRule, singular: Source, plural: Source): number[] {
  const samePlaceholders = keepsOf(singular.pieces) === keepsOf(plural.pieces);
  return countsPerForm(rule).map((counts) => {
    if (!counts.includes(1)) return 1;
    if (counts.length === 1) return 0;
    return rule.nplurals > 1 && samePlaceholders ? 0 : 1;
  });
}

function msgstrEdit(source: string, { entry, sources, forms }: PendingEntry, texts: string[]): SourceEdit {
  const msgstrs = msgstrsOf(entry);
  const first = msgstrs[0]!.lines[0]!;
  const last = msgstrs.at(-1)!.lines.at(-1)!;
  const eol = eolAfter(source, first);
  const multiline = sources[0]!.field.lines.length > 1;
  const written = fieldOf(entry, 'msgid_plural')
    ? forms.map((from, n) => poStatement(`msgstr[${n}]`, texts[from] ?? '', multiline, eol)).join(eol)
    : poStatement('msgstr', texts[0] ?? '', multiline, eol);
  const indent = /^\s*/.exec(first.text)?.[0] ?? '';
  return { start: first.start + indent.length, end: last.end, text: written };
}

/** A translation as raw PO string content: translated text escaped, escapes and placeholders as written. */
function encodeTranslation(item: Source, translation: string | undefined): string {
  const core =
    translation === undefined
      ? item.pieces.map((p) => p.text).join('')
      : rebuildTranslation(translation, item.pieces, {
          text: encodePoText,
          keep: (index) => item.pieces[index]?.text ?? '',
        });
  return item.lead + core + item.trail;
}

/** A PO unit's identity, as gettext's own: msgctxt and msgid. */
const unitKey = (entry: Entry): string =>
  `${fieldOf(entry, 'msgctxt')?.value ?? ''}\u0004${fieldOf(entry, 'msgid')?.value ?? ''}`;

/** The translated singular entries of a PO file: key → msgstr without its whitespace edges, decoded. */
function readPoUnits(target: string): [string, string][] {
  const units: [string, string][] = [];
  for (const entry of readPoEntries(target).entries) {
    const msgid = fieldOf(entry, 'msgid');
    const msgstrs = msgstrsOf(entry);
    const msgstr = msgstrs[0];
    if (!msgid || msgid.value === '' || fieldOf(entry, 'msgid_plural') || msgstrs.length !== 1) continue;
    if (!msgstr || msgstr.value === '') continue;
    units.push([unitKey(entry), decodePoEscapes(splitEdges(msgstr.raws.join('')).core)]);
  }
  return units;
}

function parseGettext(source: string, context: FormatContext): ParsedDocument {
  const { entries } = readPoEntries(source);
  const header = entries.find((e) => !fieldOf(e, 'msgctxt') && fieldOf(e, 'msgid')?.value === '');
  const { rule, edits: headerEdits } = planHeader(source, header, context.targetLanguage);

  const segments: SegmentPieces[] = [];
  const keys: (string | undefined)[] = [];
  const pending: PendingEntry[] = [];
  for (const entry of entries) {
    const msgid = fieldOf(entry, 'msgid');
    const flags = entryFlags(entry);
    const translated = msgstrsOf(entry).every((f) => f.value !== '');
    if (entry === header || !msgid || msgid.value === '' || (translated && !flags.includes('fuzzy')))
      continue;
    const conventions = conventionsForFlags(flags);
    const plural = fieldOf(entry, 'msgid_plural');
    const sources = [msgid, ...(plural ? [plural] : [])].map((field): Source => {
      const { lead, core, trail } = splitEdges(field.raws.join(''));
      return { field, lead, trail, pieces: poPieces(core, conventions), slot: undefined };
    });
    const forms = sources.length === 2 ? formSources(rule, sources[0]!, sources[1]!) : [0];
    // Only the sources some form uses are sent (a one-form language needs no singular).
    sources.forEach((item, index) => {
      if (!forms.includes(index) || !hasLetters(item.pieces)) return;
      item.slot = segments.push(item.pieces) - 1;
      // Plural forms are not keyed: which msgstr[n] came from which source depends on the language's rule.
      keys.push(plural ? undefined : unitKey(entry));
    });
    pending.push({ entry, sources, forms });
  }

  return {
    segments,
    keys,
    render(translations) {
      const edits = [...headerEdits];
      for (const item of pending) {
        const texts = item.sources.map((s) =>
          encodeTranslation(s, s.slot === undefined ? undefined : translations[s.slot]),
        );
        const flagEdits = context.markAsDraft ? fuzzyEdits(source, item.entry) : unfuzzyEdits(item.entry);
        edits.push(msgstrEdit(source, item, texts), ...flagEdits);
      }
      return applyEdits(source, edits);
    },
  };
}

export const gettextFormat: TextFormat = {
  id: 'gettext',
  extensions: ['.po', '.pot'],
  version: 3,
  parse: parseGettext,
  readUnits: readPoUnits,
  decodeTranslation: decodePoEscapes,
};
