import type { SegmentPieces } from '../translation/translator.js';
import { PositionalEdits, sourceKey } from './positionalEdits.js';
import type { SegmentEntry } from './segmentMap.js';

/** How one segment was answered without the provider. */
export interface MemoryAnswer {
  /** What the output gets. */
  translation: string;
  /**
   * A person's text in the existing target, kept instead of the app's translation. The map goes on holding
   * the app's own translation (`remembered`), so the edit is recognised again on the next run, and
   * `overwrite_edits` restores the app's text at no charge.
   */
  edit?: {
    remembered: string;
    /** What the app's translation became in the output, when the format's escaping changed it. */
    written?: string;
    /**
     * Formats that keep edits by position: `translation` is the person's stretch of the target, written back
     * exactly as it stands (see SegmentSpans.render), not as a translation.
     */
    verbatim?: true;
  };
}

/** What an item's memory did, for its record. */
export interface MemoryCounts {
  segments: number;
  /** Answered from the memory at no charge (edits kept included). */
  reused: number;
  editsKept: number;
}

export interface MemoryInput {
  /** The previous run's entries; reused only when its fingerprint equals this run's. */
  previous?: { entries: readonly SegmentEntry[]; reusable: boolean };
  /** The existing target's units (key → decoded text), read only for keyed formats with edits to keep. */
  targetUnits?: ReadonlyMap<string, string>;
  /**
   * Formats that keep edits by position: each segment's stretch of the existing target, in file order (see
   * PositionalEdits), read only when the previous map has unkeyed entries and the job keeps edits.
   */
  targetSpans?: readonly string[];
  /** The format's `decodeTranslation`, so a translation compares with `targetUnits`. */
  decode?: (translation: string) => string;
  /** Above this many segments nothing is recorded, and no map is written. */
  maxSegments: number;
}

/**
 * One item's segment memory, storage-free: answers the segments the previous run of the same file already
 * translated (same source pieces, same fingerprint) and keeps a person's edits (to keyed units, or by
 * position in formats without keys); records what
 * this run wrote for every segment, in file order, across the parts of a large file.
 */
export class SegmentMemory {
  private readonly bySource = new Map<string, string>();
  private readonly byKey = new Map<string, SegmentEntry>();
  private readonly recorded: SegmentEntry[] = [];
  private readonly positional: PositionalEdits | undefined;
  private overflow = false;
  readonly counts: MemoryCounts = { segments: 0, reused: 0, editsKept: 0 };

  constructor(private readonly input: MemoryInput) {
    for (const entry of input.previous?.entries ?? []) {
      if (input.previous?.reusable) this.bySource.set(sourceKey(entry.source), entry.translation);
      if (entry.key !== undefined) this.byKey.set(entry.key, entry);
    }
    const { previous, targetSpans } = input;
    this.positional =
      previous && targetSpans ? PositionalEdits.align(previous.entries, targetSpans) : undefined;
  }

  /** For each segment of a part, its answer, or undefined when the provider must translate it. */
  answer(
    segments: readonly SegmentPieces[],
    keys: readonly (string | undefined)[] | undefined,
  ): (MemoryAnswer | undefined)[] {
    return segments.map((pieces, index) => {
      const key = keys?.[index];
      const edited = key === undefined ? undefined : this.editedText(key, pieces);
      if (edited) return { translation: edited.current, edit: { remembered: edited.written } };
      const positional = key === undefined ? this.positional?.next(pieces) : undefined;
      if (positional) {
        const { translation, written } = positional.entry;
        return {
          translation: positional.text,
          edit: { remembered: translation, ...(written === undefined ? {} : { written }), verbatim: true },
        };
      }
      const translation = this.bySource.get(sourceKey(pieces));
      return translation === undefined ? undefined : { translation };
    });
  }

  /**
   * A person's text for the unit: the target holds something other than what the app wrote for this same
   * source. A unit whose source changed is translated again: the edit was of another text.
   */
  private editedText(key: string, pieces: SegmentPieces): { current: string; written: string } | undefined {
    const { targetUnits, decode = (text: string) => text } = this.input;
    const written = this.byKey.get(key);
    const current = targetUnits?.get(key);
    if (!written || current === undefined || sourceKey(written.source) !== sourceKey(pieces))
      return undefined;
    return current === decode(written.translation) ? undefined : { current, written: written.translation };
  }

  /**
   * This run's outcome for a part's segments, in order; `spans`, from formats that keep edits by position,
   * is each segment's stretch of the output.
   */
  record(
    segments: readonly SegmentPieces[],
    keys: readonly (string | undefined)[] | undefined,
    translations: readonly string[],
    answers: readonly (MemoryAnswer | undefined)[],
    spans?: readonly string[],
  ): void {
    this.counts.segments += segments.length;
    for (const answer of answers) {
      if (!answer) continue;
      this.counts.reused += 1;
      if (answer.edit) this.counts.editsKept += 1;
    }
    if (this.overflow) return;
    if (this.recorded.length + segments.length > this.input.maxSegments) {
      this.overflow = true;
      this.recorded.length = 0;
      return;
    }
    segments.forEach((source, index) => {
      const key = keys?.[index];
      const edit = answers[index]?.edit;
      const translation = edit?.remembered ?? translations[index] ?? '';
      // A kept edit's stretch is the person's: the app's own is the one the edit was found against.
      const written = edit ? edit.written : spans?.[index];
      this.recorded.push({
        ...(key === undefined ? {} : { key }),
        source: [...source],
        translation,
        ...(written === undefined || written === translation ? {} : { written }),
      });
    });
  }

  /** Every segment of the file and what was written for it; undefined when the file has too many to keep. */
  entries(): SegmentEntry[] | undefined {
    return this.overflow ? undefined : this.recorded;
  }
}
