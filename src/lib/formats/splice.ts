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
  const splice = (translations: readonly string[], verbatim: ReadonlySet<number>, spans?: string[]) => {
    if (translations.length !== regions.length) {
      throw new InvariantError(`Expected ${regions.length} translations, got ${translations.length}.`);
    }
    let output = '';
    let cursor = 0;
    regions.forEach((region, index) => {
      const original = source.slice(region.start, region.end);
      const given = translations[index] ?? original;
      const translation = matchLineEndings(original, given);
      const span = verbatim.has(index) ? given : region.write ? region.write(translation) : translation;
      spans?.push(span);
      output += source.slice(cursor, region.start) + span;
      cursor = region.end;
    });
    return output + source.slice(cursor);
  };
  return {
    segments: regions.map((region) => region.pieces),
    render: (translations) => splice(translations, NONE),
    spans: {
      texts: regions.map((region) => source.slice(region.start, region.end)),
      render(translations, verbatim) {
        const spans: string[] = [];
        return { text: splice(translations, verbatim, spans), spans };
      },
    },
  };
}

const NONE: ReadonlySet<number> = new Set();

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
