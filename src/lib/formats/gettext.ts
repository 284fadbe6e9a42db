import type { Piece, SegmentPieces } from '../translation/translator.js';
import type { FormatContext, ParsedDocument, TextFormat } from './format.js';
import { pluralRuleFor, poLanguage, type PluralRule } from './gettextPlurals.js';
import {
  escapePo,
  fieldOf,
  msgstrsOf,
  readPoEntries,
  unescapePo,
  type Entry,
  type Field,
  type Line,
} from './poEntries.js';
import { PROGRAM_PLACEHOLDER, hasLetters, pushPiece, pushProtected } from './pieceMatching.js';
import { applyEdits, type SourceEdit } from './splice.js';

type Edit = SourceEdit;

const PLACEHOLDER = PROGRAM_PLACEHOLDER;

/** Characters written as escapes (line breaks, quotes, tabs) and placeholders are protected. */
function piecesOf(field: Field): SegmentPieces {
  const pieces: Piece[] = [];
  const raw = field.raws.join('');
  let last = 0;
  for (const match of raw.matchAll(/\\./g)) {
    pushProtected(pieces, raw.slice(last, match.index), PLACEHOLDER);
    pushPiece(pieces, 'keep', unescapePo(match[0]));
    last = match.index + match[0].length;
  }
  pushProtected(pieces, raw.slice(last), PLACEHOLDER);
  return pieces;
}

const isFuzzy = (entry: Entry): boolean =>
  entry.comments.some((c) => /^\s*#,/.test(c.text) && flagsOf(c).includes('fuzzy'));

const flagsOf = (line: Line): string[] =>
  line.text
    .replace(/^\s*#,/, '')
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');

function unfuzzyEdits(entry: Entry): Edit[] {
  return entry.comments
    .filter((c) => /^\s*#,/.test(c.text) && flagsOf(c).includes('fuzzy'))
    .map((line) => {
      const flags = flagsOf(line).filter((f) => f !== 'fuzzy');
      return flags.length === 0
        ? { start: line.start, end: line.next, text: '' }
        : { start: line.start, end: line.end, text: `#, ${flags.join(', ')}` };
    });
}

const eolAfter = (source: string, line: Line | undefined): string => {
  const eol = line ? source.slice(line.end, line.next) : '';
  return eol === '' ? (/\r?\n/.exec(source)?.[0] ?? '\n') : eol;
};

/** Multi-line `""` style when the msgid used it or the text holds line breaks, as msgmerge writes them. */
function msgstrText(key: string, value: string, multiline: boolean, eol: string): string {
  const chunks = value.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  if (chunks.length === 0 || (!multiline && chunks.length === 1)) return `${key} "${escapePo(value)}"`;
  return [`${key} ""`, ...chunks.map((chunk) => `"${escapePo(chunk)}"`)].join(eol);
}

/** Sets `Language:`, `Plural-Forms:` and a template's `charset=CHARSET` in the header; other fields keep their bytes. */
function headerEdits(source: string, header: Entry, target: string, rule: PluralRule | undefined): Edit[] {
  const msgstr = msgstrsOf(header)[0];
  if (!msgstr) return [];
  const fields = new Map<string, string>();
  for (const line of msgstr.value.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const language = poLanguage(target);
  const sameLanguage = poLanguage(fields.get('language') ?? '').toLowerCase() === language.toLowerCase();
  const currentPlural = fields.get('plural-forms');
  const keepPlural =
    !rule || (sameLanguage && currentPlural !== undefined && /nplurals\s*=\s*\d/.test(currentPlural));
  const wanted = new Map<string, string>([['language', `Language: ${language}`]]);
  if (!keepPlural) wanted.set('plural-forms', `Plural-Forms: ${rule.header}`);
  if (sameLanguage) wanted.delete('language');
  // A template's placeholder charset: the output is UTF-8, as the worker only reads and writes UTF-8.
  const contentType = fields.get('content-type');
  if (contentType?.includes('charset=CHARSET')) {
    wanted.set('content-type', `Content-Type: ${contentType.replace('charset=CHARSET', 'charset=UTF-8')}`);
  }
  if (wanted.size === 0) return [];

  const eol = eolAfter(source, msgstr.lines[0]);
  const values = msgstr.raws.map(unescapePo);
  const oneFieldPerLine = values.every((v, i) => (i === 0 && v === '') || /^[^\n]*\n$/.test(v));
  if (!oneFieldPerLine) {
    let text = msgstr.value.endsWith('\n') || msgstr.value === '' ? msgstr.value : `${msgstr.value}\n`;
    for (const [name, line] of wanted) {
      const pattern = new RegExp(`^${name}:.*\\n?`, 'im');
      text = pattern.test(text) ? text.replace(pattern, `${line}\n`) : `${text}${line}\n`;
    }
    const first = msgstr.lines[0]!;
    const last = msgstr.lines.at(-1)!;
    const indent = /^\s*/.exec(first.text)?.[0] ?? '';
    return [
      { start: first.start + indent.length, end: last.end, text: msgstrText('msgstr', text, true, eol) },
    ];
  }
  const edits: Edit[] = [];
  msgstr.lines.forEach((line, i) => {
    const name = /^([^:\n]+):/
      .exec(values[i] ?? '')?.[1]
      ?.trim()
      .toLowerCase();
    const replacement = name === undefined ? undefined : wanted.get(name);
    if (replacement === undefined || name === undefined) return;
    // Keywords hold no quotes, so the line's first quote opens its string.
    const quote = line.start + line.text.indexOf('"');
    edits.push({ start: quote, end: line.end, text: `"${escapePo(`${replacement}\n`)}"` });
    wanted.delete(name);
  });
  const last = msgstr.lines.at(-1)!;
  const added = [...wanted.values()].map((line) => `${eol}"${escapePo(`${line}\n`)}"`).join('');
  if (added !== '') edits.push({ start: last.end, end: last.end, text: added });
  return edits;
}

interface PendingEntry {
  entry: Entry;
  /** msgid (and msgid_plural) fields whose translations fill the msgstr lines. */
  sources: Field[];
  /** Segment index per source; undefined when there is nothing to translate and the source is copied. */
  slots: (number | undefined)[];
  nplurals: number;
}

function msgstrEdit(source: string, { entry, sources, nplurals }: PendingEntry, texts: string[]): Edit {
  const msgstrs = msgstrsOf(entry);
  const first = msgstrs[0]!.lines[0]!;
  const last = msgstrs.at(-1)!.lines.at(-1)!;
  const eol = eolAfter(source, first);
  const multiline = sources[0]!.lines.length > 1;
  const written = fieldOf(entry, 'msgid_plural')
    ? Array.from({ length: nplurals }, (_, n) =>
        msgstrText(`msgstr[${n}]`, (n === 0 ? texts[0] : texts.at(-1)) ?? '', multiline, eol),
      ).join(eol)
    : msgstrText('msgstr', texts[0] ?? '', multiline, eol);
  const indent = /^\s*/.exec(first.text)?.[0] ?? '';
  return { start: first.start + indent.length, end: last.end, text: written };
}

function parseGettext(source: string, context: FormatContext): ParsedDocument {
  const { entries, declaredPlurals } = readPoEntries(source);
  const rule = pluralRuleFor(context.targetLanguage);
  const header = entries.find((e) => !fieldOf(e, 'msgctxt') && fieldOf(e, 'msgid')?.value === '');
  const fixedEdits = header ? headerEdits(source, header, context.targetLanguage, rule) : [];

  const segments: SegmentPieces[] = [];
  const pending: PendingEntry[] = [];
  for (const entry of entries) {
    const msgid = fieldOf(entry, 'msgid');
    const translated = msgstrsOf(entry).every((f) => f.value !== '');
    if (entry === header || !msgid || msgid.value === '' || (translated && !isFuzzy(entry))) continue;
    const plural = fieldOf(entry, 'msgid_plural');
    const nplurals = rule?.nplurals ?? declaredPlurals ?? Math.max(msgstrsOf(entry).length, 2);
    // A single form serves every count, so it takes the plural text, which usually carries the number.
    const sources = !plural ? [msgid] : nplurals === 1 ? [plural] : [msgid, plural];
    const slots = sources.map((field) => {
      const pieces = piecesOf(field);
      if (!hasLetters(pieces)) return undefined;
      segments.push(pieces);
      return segments.length - 1;
    });
    pending.push({ entry, sources, slots, nplurals });
  }

  return {
    segments,
    render(translations) {
      const edits = [...fixedEdits];
      for (const item of pending) {
        const texts = item.slots.map((slot, i) =>
          slot === undefined ? item.sources[i]!.value : (translations[slot] ?? item.sources[i]!.value),
        );
        edits.push(msgstrEdit(source, item, texts), ...unfuzzyEdits(item.entry));
      }
      return applyEdits(source, edits);
    },
  };
}

export const gettextFormat: TextFormat = {
  id: 'gettext',
  extensions: ['.po', '.pot'],
  version: 1,
  parse: parseGettext,
};
