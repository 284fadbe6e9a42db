import type { Piece } from '../../translation/translator.js';
import { hasLetters, pushPiece, rebuildTranslation } from '../pieceMatching.js';
import type { SplicedRegion } from '../splice.js';
import type { Line } from './lines.js';

/** A run of markup inside one line of cue text. */
export interface Markup {
  index: number;
  text: string;
}

/** How one subtitle syntax protects and writes cue text. */
export interface CueTextRules {
  /** Inline markup and character references inside one line of cue text, in order. */
  markup: (line: string) => readonly Markup[];
  /** A source line kept whole (structure that happens to sit inside cue text). */
  keepsLine: (text: string) => boolean;
  /** Makes text the translation changed safe to write into a cue (one line, no markup, no arrow). */
  escape: (text: string) => string;
  /** A written line that would end the cue early. */
  isBlankLine: (text: string) => boolean;
}

/** Markup that a regular expression (with the `g` flag) finds. */
export const markupMatching =
  (pattern: RegExp) =>
  (line: string): Markup[] =>
    [...line.matchAll(pattern)].map((match) => ({ index: match.index, text: match[0] }));

/** Engines may add line breaks of their own; inside a cue they would end it early, so they become spaces. */
export const singleLine = (text: string): string => text.replace(/\s*(?:\r\n|\n|\r)\s*/g, ' ');

/** Lines a translation left empty would end the cue there and orphan the lines after them. */
function withoutBlankLines(text: string, isBlank: (line: string) => boolean): string {
  const parts = text.split(/(\r\n|\n|\r)/);
  const kept: string[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const line = parts[i] ?? '';
    if (isBlank(line)) continue;
    if (kept.length > 0) kept.push(parts[i - 1] ?? '\n');
    kept.push(line);
  }
  return kept.join('');
}

function pushMarkedLine(pieces: Piece[], text: string, markup: readonly Markup[]): void {
  let last = 0;
  for (const { index, text: kept } of markup) {
    pushPiece(pieces, 'text', text.slice(last, index));
    pushPiece(pieces, 'keep', kept);
    last = index + kept.length;
  }
  pushPiece(pieces, 'text', text.slice(last));
}

/**
 * A cue's text as one segment: each line's markup and the line breaks between lines are protected. Text the
 * translation gives back unchanged is written as it was, so an untranslated cue keeps its bytes; text it
 * changed is escaped for the syntax.
 */
export function cueRegion(
  source: string,
  textLines: readonly Line[],
  rules: CueTextRules,
): SplicedRegion | undefined {
  const first = textLines[0];
  const last = textLines.at(-1);
  if (!first || !last) return undefined;
  const pieces: Piece[] = [];
  textLines.forEach((line, i) => {
    if (i > 0) pushPiece(pieces, 'keep', source.slice(textLines[i - 1]!.end, line.start));
    if (line.text.trim() === '' || rules.keepsLine(line.text)) pushPiece(pieces, 'keep', line.text);
    else pushMarkedLine(pieces, line.text, rules.markup(line.text));
  });
  if (!hasLetters(pieces)) return undefined;
  const sourceTexts = new Set(pieces.filter((piece) => piece.kind === 'text').map((piece) => piece.text));
  return {
    start: first.start,
    end: last.end,
    pieces,
    write: (translation) =>
      withoutBlankLines(
        rebuildTranslation(translation, pieces, {
          text: (gap) => (sourceTexts.has(gap) ? gap : rules.escape(gap)),
          keep: (index) => pieces[index]?.text ?? '',
        }),
        rules.isBlankLine,
      ),
  };
}
