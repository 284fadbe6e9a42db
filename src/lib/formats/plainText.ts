import type { TextFormat } from './format.js';
import { hasLetters } from './pieceMatching.js';
import { spliceDocument } from './splice.js';
import type { SplicedRegion } from './splice.js';

/**
 * A paragraph: from a non-space character through every following line that is not blank. Its trailing
 * whitespace (and a leading byte-order mark) stays outside the segment, so a translator can never eat the
 * file's final newline or the blank lines between paragraphs.
 */
const PARAGRAPH = /\S(?:[^\n]|\n(?![ \t]*(?:\r?\n|\r?$)))*/g;
const BLANK_LINE = /(?<=^|\n)[ \t]*\r?\n/g;

function paragraphsOf(source: string): SplicedRegion[] {
  const regions: SplicedRegion[] = [];
  for (const match of source.matchAll(PARAGRAPH)) {
    const text = match[0].trimEnd();
    const pieces = [{ kind: 'text', text } as const];
    if (hasLetters(pieces)) regions.push({ start: match.index, end: match.index + text.length, pieces });
  }
  return regions;
}

/** Plain text: each paragraph (lines between blank lines) is a segment; everything between is kept as is. */
export const plainTextFormat: TextFormat = {
  id: 'text',
  extensions: ['.txt'],
  version: 1,
  editsByPosition: true,
  sameSegmentsForEveryTarget: true,

  parse: (source) => spliceDocument(source, paragraphsOf(source)),

  /** Just after the last blank line: no paragraph spans one, so both sides segment as the whole would. */
  chunkBoundary(text) {
    let boundary = 0;
    for (const match of text.matchAll(BLANK_LINE)) boundary = match.index + match[0].length;
    return boundary;
  },
};
