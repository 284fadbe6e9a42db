import { isMap, isScalar, parseDocument } from 'yaml';
import type { Piece } from '../../translation/translator.js';
import { hasLetters, pushPiece, pushProtected } from '../pieceMatching.js';
import type { SplicedRegion } from '../splice.js';

/**
 * Front-matter keys whose values are prose readers see (page title, summary, navigation label). Every
 * other key (slug, date, tags, layout, ...) is data a site generator matches on and stays untouched.
 */
export const TRANSLATED_FRONT_MATTER_KEYS: readonly string[] = [
  'title',
  'subtitle',
  'description',
  'summary',
  'excerpt',
  'sidebar_label',
  'linkTitle',
];

type ScalarStyle = 'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE';
const isScalarStyle = (type: unknown): type is ScalarStyle =>
  type === 'PLAIN' || type === 'QUOTE_SINGLE' || type === 'QUOTE_DOUBLE';

/** Escape sequences are kept as written, so the translator never sees (or drops) a backslash or doubled quote. */
const ESCAPES: Record<ScalarStyle, RegExp | undefined> = {
  PLAIN: undefined,
  QUOTE_SINGLE: /''/g,
  QUOTE_DOUBLE: /\\(?:x[\da-fA-F]{2}|u[\da-fA-F]{4}|U[\da-fA-F]{8}|\r?\n|[^\r\n])/g,
};

const NAMED_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};

/** YAML flow folding: a single line break reads as a space, each further one as a newline. */
const foldLines = (breaks: string): string => {
  const count = breaks.split('\n').length - 1;
  return count === 1 ? ' ' : '\n'.repeat(count - 1);
};
const LINE_FOLD = /[ \t]*(?:\r?\n[ \t]*)+/g;

/** The string a translation means, read in the scalar's original style (translator-added quotes taken literally). */
function intendedValue(text: string, style: ScalarStyle): string {
  if (style === 'PLAIN') return text.replace(LINE_FOLD, foldLines).trim();
  if (style === 'QUOTE_SINGLE') return text.replace(LINE_FOLD, foldLines).replaceAll("''", "'");
  return text.replace(
    /\\(x[\da-fA-F]{2}|u[\da-fA-F]{4}|U[\da-fA-F]{8}|\r?\n[ \t]*|[^\r\n])|[ \t]*(?:\r?\n[ \t]*)+/g,
    (match, escape?: string) => {
      if (escape === undefined) return foldLines(match);
      if (/^[xuU]/.test(escape) && escape.length > 1)
        return String.fromCodePoint(parseInt(escape.slice(1), 16));
      if (escape.startsWith('\n') || escape.startsWith('\r')) return '';
      return NAMED_ESCAPES[escape] ?? match;
    },
  );
}

/** True when `candidate`, written as a top-level value, parses back to exactly `value`. */
function parsesTo(candidate: string, value: string): boolean {
  const document = parseDocument(`key: ${candidate}\n`);
  if (document.errors.length > 0 || !isMap(document.contents)) return false;
  const [pair, ...others] = document.contents.items;
  return others.length === 0 && isScalar(pair?.value) && pair.value.value === value;
}

/**
 * The translation in the scalar's own style when it stays valid there and means what it says; otherwise as
 * a double-quoted scalar (JSON's escaping is valid YAML), e.g. a plain title whose translation has ": ".
 */
function writeScalar(translation: string, style: ScalarStyle): string {
  const value = intendedValue(translation, style);
  const quote = style === 'QUOTE_SINGLE' ? "'" : style === 'QUOTE_DOUBLE' ? '"' : '';
  const candidate = style === 'PLAIN' ? translation.trim() : `${quote}${translation}${quote}`;
  return parsesTo(candidate, value) ? candidate : JSON.stringify(value);
}

function innerPieces(inner: string, style: ScalarStyle): Piece[] {
  const pieces: Piece[] = [];
  const escapes = ESCAPES[style];
  if (escapes) pushProtected(pieces, inner, escapes);
  else pushPiece(pieces, 'text', inner);
  return pieces;
}

/**
 * Segments for the listed keys' values in the front matter between `start` and `end` (the `---` fences
 * included). A segment holds a scalar's content without its quotes; its region is the whole scalar, so a
 * translation that needs another style can be re-quoted. Front matter that is not valid YAML, or not a
 * block mapping, is left alone: rewriting what cannot be read safely could only make it worse.
 */
export function frontMatterRegions(source: string, start: number, end: number): SplicedRegion[] {
  const contentStart = source.indexOf('\n', start) + 1;
  const contentEnd = source.lastIndexOf('\n', end - 1) + 1;
  if (contentStart === 0 || contentEnd <= contentStart) return [];
  const document = parseDocument(source.slice(contentStart, contentEnd));
  if (document.errors.length > 0 || !isMap(document.contents) || document.contents.flow) return [];
  const regions: SplicedRegion[] = [];
  for (const { key, value } of document.contents.items) {
    if (!isScalar(key) || !TRANSLATED_FRONT_MATTER_KEYS.includes(String(key.value))) continue;
    if (!isScalar(value) || typeof value.value !== 'string' || value.tag || value.anchor || !value.range)
      continue;
    const style = value.type;
    if (!isScalarStyle(style)) continue;
    const regionStart = contentStart + value.range[0];
    const regionEnd = contentStart + value.range[1];
    const raw = source.slice(regionStart, regionEnd);
    const inner = style === 'PLAIN' ? raw : raw.slice(1, -1);
    const pieces = innerPieces(inner, style);
    if (!hasLetters(pieces)) continue;
    const write = (translation: string): string =>
      translation === inner ? raw : writeScalar(translation, style);
    regions.push({ start: regionStart, end: regionEnd, pieces, write });
  }
  return regions;
}
