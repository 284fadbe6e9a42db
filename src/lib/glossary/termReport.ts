import type { SegmentPieces } from '../translation/translator.js';

/** What a file's glossary report lists; each list is capped so it fits one table property with room to spare. */
export const MAX_REPORTED_TERMS = 100;

export interface GlossaryReport {
  /** Glossary terms that occur in the source, sorted. */
  found: string[];
  /** Terms whose required translation is not in the output of a segment that contained them, sorted. */
  missed: string[];
}

/**
 * Collects, segment by segment, which glossary terms a file contains and where the output lacks a term's
 * translation (an engine that handles terms itself may ignore one). Costs one substring search per term
 * occurrence; nothing is stored until the item's outcome is recorded.
 */
export class TermReport {
  private readonly found = new Set<string>();
  private readonly missed = new Set<string>();

  /** `segments` as sent (glossary terms applied), `translations` their rendered translations. */
  add(segments: readonly SegmentPieces[], translations: readonly string[]): void {
    segments.forEach((pieces, index) => {
      for (const piece of pieces) {
        if (piece.kind !== 'term') continue;
        this.found.add(piece.text);
        if (!(translations[index] ?? '').includes(piece.translation)) this.missed.add(piece.text);
      }
    });
  }

  /** Undefined when the file contains no glossary term. */
  result(): GlossaryReport | undefined {
    if (this.found.size === 0) return undefined;
    const listed = (terms: Set<string>) => [...terms].sort().slice(0, MAX_REPORTED_TERMS);
    return { found: listed(this.found), missed: listed(this.missed) };
  }
}
