import { InvariantError } from '../errors.js';
import type { SegmentPieces } from '../translation/translator.js';
import type { ParsedDocument } from './format.js';

/** A stretch of the source that one segment's translation replaces; everything outside is kept byte for byte. */
export interface SplicedRegion {
  start: number;
  end: number;
  /** Join to exactly `source.slice(start, end)` unless `write` says how the region is written instead. */
  pieces: SegmentPieces;
  /** Turns a translation into the text that takes the region's place (default: the translation as is). */
  write?: (translation: string) => string;
}

/**
 * Translators tend to return `\n` whatever the source used. When a region uses one line-ending style
 * throughout, its translation gets that style, so a CRLF file stays CRLF; a region that mixes styles is
 * left as the translator returned it, since there is no single style to restore.
 */
function matchLineEndings(original: string, translation: string): string {
  const crlf = original.match(/\r\n/g)?.length ?? 0;
  const all = original.match(/\n/g)?.length ?? 0;
  if (all === 0 || (crlf > 0 && crlf < all)) return translation;
  return crlf === all ? translation.replace(/\r?\n/g, '\r\n') : translation.replace(/\r\n/g, '\n');
}

/** A document whose segments are `regions` (in source order, not overlapping), rendered by splicing. */
export function spliceDocument(source: string, regions: readonly SplicedRegion[]): ParsedDocument {
  return {
    segments: regions.map((region) => region.pieces),
    render(translations) {
      if (translations.length !== regions.length) {
        throw new InvariantError(`Expected ${regions.length} translations, got ${translations.length}.`);
      }
      let output = '';
      let cursor = 0;
      regions.forEach((region, index) => {
        const original = source.slice(region.start, region.end);
        const translation = matchLineEndings(original, translations[index] ?? original);
        output +=
          source.slice(cursor, region.start) + (region.write ? region.write(translation) : translation);
        cursor = region.end;
      });
      return output + source.slice(cursor);
    },
  };
}

/** A replacement of `source.slice(start, end)` by `text`; an insertion when start equals end. */
export interface SourceEdit {
  start: number;
  end: number;
  text: string;
}

/** Applies non-overlapping edits in any order; everything between them is kept byte for byte. */
export function applyEdits(source: string, edits: readonly SourceEdit[]): string {
  let output = '';
  let cursor = 0;
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    output += source.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return output + source.slice(cursor);
}
