import type { Piece } from '../translation/translator.js';
import { pushPiece } from './pieceMatching.js';
import { findPlaceholders, type ConventionName, type PlaceholderMatch } from './placeholders.js';

/**
 * PO strings as written between the quotes (still escaped). GNU gettext's lexer knows `\n \t \r \b \f \v
 * \a \\ \"`, octal `\NNN` and hex `\xHH…`; every escape stays in its written form as a keep piece, so an
 * escape is never re-encoded differently, and only translated text goes through `encodePoText`.
 */
const TOKEN = /\\(?:[0-7]{1,3}|x[\da-fA-F]+|[\s\S])|[\s\S]/gu;
const WHITESPACE_ESCAPE = /^\\[ntrvf]$/;

const isWhitespaceToken = (token: string): boolean => /^\s$/u.test(token) || WHITESPACE_ESCAPE.test(token);

/** Escapes and characters of a raw PO string, in order. */
const tokensOf = (raw: string): string[] => raw.match(TOKEN) ?? [];

export interface EdgedString {
  /** Leading whitespace and whitespace escapes, raw: kept outside the translation, as `msgfmt --check` wants. */
  lead: string;
  core: string;
  trail: string;
}

/** Splits a raw string into its whitespace edges and the core between them. */
export function splitEdges(raw: string): EdgedString {
  const tokens = tokensOf(raw);
  let first = 0;
  while (first < tokens.length && isWhitespaceToken(tokens[first]!)) first++;
  let last = tokens.length;
  while (last > first && isWhitespaceToken(tokens[last - 1]!)) last--;
  return {
    lead: tokens.slice(0, first).join(''),
    core: tokens.slice(first, last).join(''),
    trail: tokens.slice(last).join(''),
  };
}

/**
 * A raw string as pieces: escapes are kept as written, placeholders of `conventions` are kept. Placeholders
 * are looked for both between escapes (an escape ends a word: `\t$cmd` holds the variable `$cmd`) and in the
 * raw string as a whole (a tag whose attribute quotes are written `\"` is kept whole, not cut apart at its
 * escapes); the longest reading wins, and a match must start and end between tokens.
 */
export function poPieces(raw: string, conventions: readonly ConventionName[]): Piece[] {
  const tokens = tokensOf(raw);
  const boundaries = new Set<number>([0]);
  const candidates: PlaceholderMatch[] = [];
  let offset = 0;
  let runStart = 0;
  const searchRun = (end: number) => {
    for (const m of findPlaceholders(raw.slice(runStart, end), conventions)) {
      candidates.push({ start: runStart + m.start, end: runStart + m.end });
    }
  };
  for (const token of tokens) {
    if (token.length > 1) {
      searchRun(offset);
      runStart = offset + token.length;
    }
    boundaries.add((offset += token.length));
  }
  searchRun(offset);
  candidates.push(...findPlaceholders(raw, conventions));
  candidates.sort((a, b) => a.start - b.start || b.end - a.end);

  const pieces: Piece[] = [];
  const pushGap = (gap: string) => {
    for (const token of tokensOf(gap)) pushPiece(pieces, token.length > 1 ? 'keep' : 'text', token);
  };
  let cursor = 0;
  for (const { start, end } of candidates) {
    if (start < cursor || !boundaries.has(start) || !boundaries.has(end)) continue;
    pushGap(raw.slice(cursor, start));
    pushPiece(pieces, 'keep', raw.slice(start, end));
    cursor = end;
  }
  pushGap(raw.slice(cursor));
  return pieces;
}

const NAMED_ESCAPES: Record<string, string> = {
  '\n': '\\n',
  '\t': '\\t',
  '\r': '\\r',
  '\b': '\\b',
  '\f': '\\f',
  '\v': '\\v',
  '\u0007': '\\a',
  '\\': '\\\\',
  '"': '\\"',
};

const DECODED_ESCAPES: Record<string, string> = Object.fromEntries(
  Object.entries(NAMED_ESCAPES).map(([ch, escape]) => [escape.slice(1), ch]),
);

/**
 * PO string content as the text it stands for, every escape decoded (the reverse of `encodePoText`): what a
 * person's msgstr and the app's translation are compared as.
 */
export const decodePoEscapes = (raw: string): string =>
  raw.replace(
    /\\(?:([0-7]{1,3})|x([\da-fA-F]+)|([\s\S]))/gu,
    (_, octal?: string, hex?: string, ch?: string) =>
      octal !== undefined
        ? String.fromCharCode(parseInt(octal, 8))
        : hex !== undefined
          ? String.fromCharCode(parseInt(hex, 16) & 0xff)
          : (DECODED_ESCAPES[ch ?? ''] ?? ch ?? ''),
  );

/** Translated text as PO string content: quotes, backslashes and control characters escaped. */
export const encodePoText = (text: string): string =>
  text.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f\\"]/g,
    (ch) => NAMED_ESCAPES[ch] ?? `\\${ch.charCodeAt(0).toString(8).padStart(3, '0')}`,
  );

/** Where a raw string may be cut into lines the way msgmerge does: after every `\n` escape. */
export function linesOf(raw: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const token of tokensOf(raw)) {
    line += token;
    if (token === '\\n') {
      lines.push(line);
      line = '';
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
