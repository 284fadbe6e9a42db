import { PermanentItemError } from '../errors.js';
import type { Piece, SegmentPieces } from './translator.js';

/**
 * Protected pieces travel as `⟦n⟧` tokens: no letters, so no engine translates, transliterates or
 * inflects them, and unlikely in real text. A source that already contains the bracket characters is
 * still safe: restoration only accepts the exact tokens it issued, each exactly once.
 */
export const tokenFor = (index: number): string => `⟦${index}⟧`;
const TOKEN_PATTERN = /⟦(\d+)⟧/g;

export interface EncodedSegment {
  /** The wire text: text pieces (as `encodeText` renders them) with tokens for everything else. */
  text: string;
  /** What each token stands for in the output: a `keep` piece's text, a `term` piece's translation. */
  replacements: string[];
}

export interface EncodeOptions {
  /** How human text is written on the wire (e.g. HTML-escaped for textType=html). */
  encodeText?: (text: string) => string;
  /** How a token is written (e.g. wrapped in a notranslate span). */
  encodeToken?: (token: string) => string;
  /** A term the provider handles itself (dynamic dictionary); absent: terms become tokens. */
  encodeTerm?: (piece: Extract<Piece, { kind: 'term' }>) => string;
}

export function encodeSegment(pieces: SegmentPieces, options: EncodeOptions = {}): EncodedSegment {
  const encodeText = options.encodeText ?? ((t: string) => t);
  const encodeToken = options.encodeToken ?? ((t: string) => t);
  const replacements: string[] = [];
  let text = '';
  for (const piece of pieces) {
    if (piece.kind === 'text') text += encodeText(piece.text);
    else if (piece.kind === 'term' && options.encodeTerm) text += options.encodeTerm(piece);
    else {
      text += encodeToken(tokenFor(replacements.length));
      replacements.push(piece.kind === 'term' ? piece.translation : piece.text);
    }
  }
  return { text, replacements };
}

/**
 * Puts protected pieces back. Every issued token must appear exactly once: a lost, repeated or invented
 * token means the engine damaged the structure, and writing that file would publish a broken document.
 */
export function restoreTokens(translated: string, replacements: readonly string[]): string {
  const seen = new Array<boolean>(replacements.length).fill(false);
  const problems: string[] = [];
  const restored = translated.replace(TOKEN_PATTERN, (token, digits: string) => {
    const index = Number(digits);
    const replacement = replacements[index];
    if (replacement === undefined) {
      problems.push(`unexpected ${token}`);
      return token;
    }
    if (seen[index]) problems.push(`${token} repeated`);
    seen[index] = true;
    return replacement;
  });
  seen.forEach((found, index) => {
    if (!found) problems.push(`${tokenFor(index)} missing`);
  });
  if (problems.length > 0) {
    throw new PermanentItemError(
      'placeholder_mismatch',
      `The translation lost or changed protected content (code, placeholders or markup): ${problems.slice(0, 5).join(', ')}.`,
    );
  }
  return restored;
}

/** The segment's source text, as the file holds it: what an identity translation returns. */
export const sourceText = (pieces: SegmentPieces): string => pieces.map((p) => p.text).join('');

/** Characters of human text in a segment: what providers bill for, and what the pipeline measures. */
export const textLength = (pieces: SegmentPieces): number =>
  pieces.reduce((n, p) => n + (p.kind === 'keep' ? 0 : p.text.length), 0);
