import type { SegmentPieces } from '../translation/translator.js';
import type { SegmentEntry } from './segmentMap.js';

/** Segments are compared by their whole piece structure: same text, same protected pieces, same terms. */
export const sourceKey = (pieces: SegmentPieces): string => JSON.stringify(pieces);

/** A person's stretch of the existing target, and the entry the app wrote there. */
export interface PositionalEdit {
  text: string;
  entry: SegmentEntry;
}

/**
 * A person's edits in a target of a format without unit keys (see TextFormat.editsByPosition). The target's
 * segment j is the app's entry j only while both have as many segments: a target a person restructured (a
 * paragraph added or removed) keeps no edits. The file's current segments, as they come part by part, are
 * matched to entries in file order: each takes the next entry with the same source after the last match,
 * so a paragraph inserted or deleted in the source does not shift the matches after it, and a segment whose
 * source changed has no entry (the edit was of another text).
 */
export class PositionalEdits {
  /** Source → the indexes of the entries with that source, ascending. */
  private readonly positions = new Map<string, number[]>();
  /** Source → how far into its `positions` the matching has gone. */
  private readonly cursors = new Map<string, number>();
  private lastMatch = -1;

  private constructor(
    private readonly entries: readonly SegmentEntry[],
    private readonly spans: readonly string[],
  ) {
    entries.forEach((entry, index) => {
      const key = sourceKey(entry.source);
      const list = this.positions.get(key);
      if (list) list.push(index);
      else this.positions.set(key, [index]);
    });
  }

  /** Undefined when the target cannot be aligned with the entries (another segment count, or keyed entries). */
  static align(entries: readonly SegmentEntry[], spans: readonly string[]): PositionalEdits | undefined {
    if (entries.length === 0 || entries.length !== spans.length) return undefined;
    if (entries.some((entry) => entry.key !== undefined)) return undefined;
    return new PositionalEdits(entries, spans);
  }

  /**
   * The next segment of the file: its entry's stretch of the target when a person changed it, undefined
   * when it has no entry or the target still holds what the app wrote.
   */
  next(pieces: SegmentPieces): PositionalEdit | undefined {
    const key = sourceKey(pieces);
    const list = this.positions.get(key);
    if (!list) return undefined;
    let at = this.cursors.get(key) ?? 0;
    while (at < list.length && (list[at] ?? Infinity) <= this.lastMatch) at++;
    const index = list[at];
    this.cursors.set(key, index === undefined ? at : at + 1);
    if (index === undefined) return undefined;
    this.lastMatch = index;
    const entry = this.entries[index];
    const span = this.spans[index];
    if (!entry || span === undefined) return undefined;
    const text = withoutAttachedSpace(span, entry.written ?? entry.translation);
    return text === (entry.written ?? entry.translation) ? undefined : { text, entry };
  }
}

const trailingSpace = (text: string): number => text.length - text.trimEnd().length;

/**
 * A parser may attach to a segment's end whitespace that the source keeps between segments (Markdown
 * spaces after a paragraph's last link, once a translation put text after that link): whitespace beyond
 * what the app wrote there is the file's, not the person's, and the output gets it from the source.
 */
const withoutAttachedSpace = (span: string, written: string): string => {
  const extra = trailingSpace(span) - trailingSpace(written);
  return extra > 0 ? span.slice(0, span.length - extra) : span;
};
