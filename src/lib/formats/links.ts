import { LinkifyIt, type Match } from 'linkify-it';
import type { Piece, SegmentPieces } from '../translation/translator.js';
import { pushPiece } from './pieceMatching.js';

/** Generic top-level domains read as a host even without `www.` or a path: `example.com`, `crates.io`. */
const GENERIC_TLDS = [
  ...['com', 'org', 'net', 'edu', 'gov', 'int', 'mil', 'info', 'biz', 'name', 'pro', 'aero', 'museum'],
  ...['io', 'ai', 'dev', 'app', 'cloud', 'tech', 'site', 'online', 'xyz', 'page', 'blog', 'shop', 'co'],
];

/** `file:` URLs (`file:///usr/share`, `file:///X:/`): a path after `//`, without closing punctuation. */
const FILE_URL_TAIL = /^\/\/[^\s<>"'`]*[^\s<>"'`.,;:!?)\]}]/;

const linkify = new LinkifyIt({ fuzzyLink: true, fuzzyEmail: true, fuzzyIP: false })
  .tlds(GENERIC_TLDS, true)
  .add('file:', { validate: (text, at) => FILE_URL_TAIL.exec(text.slice(at))?.[0].length ?? 0 });

const MAIL_DOMAIN = /@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}{2,}$/u;

/**
 * Whether a match is an address people would not want translated. Schemes (`https:`, `ftp:`, `mailto:`,
 * `file:`, `//`) and `www.` hosts always are. A bare `name.tld` often is not: file names (`README.md`, `setup.py`),
 * product names (`ASP.NET`, `Node.js`) and a missing space after a full stop (`done.So`) look the same, so
 * a bare host counts only with a lower-case generic TLD, three or more labels, or a path after it.
 * E-mail addresses need a domain that ends in letters (`eslint@3.7.0` is a package version).
 */
function isAddress(match: Match): boolean {
  if (match.schema === 'mailto:' && !/^mailto:/i.test(match.raw)) return MAIL_DOMAIN.test(match.raw);
  if (match.schema !== '' || /^www\./i.test(match.raw)) return true;
  const host = /^[^/?#:]+/.exec(match.raw)?.[0] ?? match.raw;
  const labels = host.split('.');
  const tld = labels.at(-1) ?? '';
  if (tld !== tld.toLowerCase()) return false;
  return host.length < match.raw.length || labels.length >= 3 || GENERIC_TLDS.includes(tld);
}

export interface TextSpan {
  start: number;
  end: number;
}

/**
 * Every address linkify-it can find has one of `.` `:` `@` `/` followed by a non-space character (a host's
 * dot before its TLD, a scheme's colon before its tail, a mail domain's `@`, a `//`). Prose mostly has none
 * (a full stop before a space or at the end), and linkify-it's searches are the costliest step of parsing
 * such text, so a segment without one is not searched.
 */
const MAY_HOLD_ADDRESS = /[.:@/]\S/;

function searchLinks(text: string): TextSpan[] {
  if (!MAY_HOLD_ADDRESS.test(text) || !linkify.test(text)) return [];
  return (linkify.match(text) ?? [])
    .filter(isAddress)
    .map((match) => ({ start: match.index, end: match.lastIndex }));
}

/** A backslash before ASCII punctuation: an escape in Markdown (CommonMark §2.4), so `\+` reads as `+`. */
const ESCAPED_PUNCTUATION = /[!-/:-@[-`{-~]/;

/**
 * URLs, `www.` hosts and e-mail addresses in `text`, in order (linkify-it, the detector of markdown-it).
 * Searched as the text reads: `<foo\+@bar.example.com>` in Markdown is the address `foo+@bar.example.com`,
 * which the escape would otherwise hide. Each span covers the characters that write the address, escapes
 * included, so it is kept exactly as written.
 */
export function findLinks(text: string): TextSpan[] {
  if (!text.includes('\\')) return searchLinks(text);
  let read = '';
  // For each character read: where it starts in `text` (its escape's backslash, when it has one) and ends.
  const starts: number[] = [];
  const ends: number[] = [];
  for (let at = 0; at < text.length; at++) {
    const escaped = text[at] === '\\' && ESCAPED_PUNCTUATION.test(text[at + 1] ?? '');
    starts.push(at);
    if (escaped) at++;
    ends.push(at + 1);
    read += text[at];
  }
  return searchLinks(read).map(({ start, end }) => ({
    start: starts[start] ?? start,
    end: ends[end - 1] ?? end,
  }));
}

/** `text` with `transform` applied to what lies outside its addresses, which are written as they are. */
export function outsideLinks(text: string, transform: (part: string) => string): string {
  let output = '';
  let cursor = 0;
  for (const { start, end } of findLinks(text)) {
    output += transform(text.slice(cursor, start)) + text.slice(start, end);
    cursor = end;
  }
  return output + transform(text.slice(cursor));
}

/**
 * `pieces` with the text of every address made keep pieces; the same array when there is none. Addresses
 * are found in the segment's whole source text, so one that a kept character reference splits
 * (`?a=1&amp;b=2` in HTML or XLIFF) is protected whole, and in each text piece alone.
 */
function protectPieces(pieces: SegmentPieces): SegmentPieces {
  const links = findLinks(pieces.map((piece) => piece.text).join(''));
  // Each text piece is searched alone too: linkify-it misses `a@b.example` right after Markdown's kept `[`.
  // A segment of one piece was just searched whole.
  let offset = 0;
  for (const piece of pieces.length > 1 ? pieces : []) {
    if (piece.kind === 'text')
      links.push(...findLinks(piece.text).map((l) => ({ start: l.start + offset, end: l.end + offset })));
    offset += piece.text.length;
  }
  if (links.length === 0) return pieces;
  links.sort((a, b) => a.start - b.start);
  const protectedPieces: Piece[] = [];
  offset = 0;
  for (const piece of pieces) {
    const start = offset;
    offset += piece.text.length;
    if (piece.kind !== 'text') {
      if (piece.kind === 'term') protectedPieces.push(piece);
      else pushPiece(protectedPieces, 'keep', piece.text);
      continue;
    }
    let cursor = 0;
    for (const link of links) {
      const from = Math.max(link.start - start, cursor);
      const to = Math.min(link.end - start, piece.text.length);
      if (to <= from) continue;
      pushPiece(protectedPieces, 'text', piece.text.slice(cursor, from));
      pushPiece(protectedPieces, 'keep', piece.text.slice(from, to));
      cursor = to;
    }
    pushPiece(protectedPieces, 'text', piece.text.slice(cursor));
  }
  return protectedPieces;
}

/**
 * Keeps URLs and e-mail addresses out of translation in every format: engines translate, transliterate or
 * re-space them (`www.ejemplo.com`, `ayuda@ejemplo .com`). Only text pieces are searched, so addresses a
 * format already keeps (Markdown links, HTML attributes) are untouched, and the format's own rendering is
 * unaffected: a protected address comes back verbatim inside the translation, like any text would.
 */
export const protectLinks = (segments: readonly SegmentPieces[]): SegmentPieces[] =>
  segments.map(protectPieces);
