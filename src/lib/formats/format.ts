import type { SegmentPieces } from '../translation/translator.js';

/**
 * A file format: splits a file into segments of human text, and writes translations back into exactly the
 * places they came from. Everything that is not a segment's text is kept byte for byte, so
 * `parse(source).render(segments.map(sourceText))` must equal `source`.
 */
export interface FormatContext {
  targetLanguage: string;
  sourceLanguage?: string;
  /**
   * Set when a large file is processed in parts (see `TextFormat.chunkBoundary`): `index` 0 is the file's
   * start (front matter, headers); later parts start at a boundary the format chose. `definitions` carries
   * file-wide context a part needs to parse like the whole file would (Markdown link reference definitions).
   */
  chunk?: { index: number; definitions: string };
  /**
   * Mark what the app writes as needing review, where the format has such a mark: PO entries get `fuzzy`,
   * XLIFF 1.2 targets `state="needs-review-translation"`, XLIFF 2.0 segments `state="initial"`. Formats
   * without one (Markdown, HTML, JSON, text, subtitles) ignore it.
   */
  markAsDraft?: boolean;
}

export interface ParsedDocument {
  readonly segments: readonly SegmentPieces[];
  /**
   * Keyed formats only: each segment's unit key (PO msgctxt+msgid, XLIFF unit id, JSON key path), undefined
   * for a segment without one. The segment memory uses keys to tell a person's edit in a target apart.
   */
  readonly keys?: readonly (string | undefined)[];
  /** `translations[i]` replaces segment i (as a whole, protected pieces included). */
  render(translations: readonly string[]): string;
  /**
   * Formats that splice each segment into its own stretch of the file (see `TextFormat.editsByPosition`):
   * the segment memory finds a person's edits in a target by position, through these.
   */
  readonly spans?: SegmentSpans;
}

/** Each segment's stretch of the file as it stands, and a render that can write a stretch as it was. */
export interface SegmentSpans {
  /** Segment i's stretch of this document, byte for byte (what `render` wrote there, in a target). */
  readonly texts: readonly string[];
  /**
   * `render`, except that the segments in `verbatim` are written exactly as given (a person's stretch from
   * an earlier target, written back untouched); also returns the stretch each segment got in the output.
   */
  render(translations: readonly string[], verbatim: ReadonlySet<number>): { text: string; spans: string[] };
}

export interface TextFormat {
  /** Stable id, part of the translation cache key. */
  readonly id: string;
  /** Lower-case extensions with the dot. */
  readonly extensions: readonly string[];
  /** Bump when the rules change what is translated: old cache entries then stop matching. */
  readonly version: number;
  /** Throws PermanentItemError('invalid_document') when the file cannot be parsed as this format. */
  parse(source: string, context: FormatContext): ParsedDocument;
  /**
   * Formats that can be processed in parts implement this: given text that starts at the file's start or at
   * an earlier boundary, return the offset of the last place the text can be cut so that both sides parse
   * on their own (0: no such place yet). Formats without it are parsed whole.
   */
  chunkBoundary?(text: string): number;
  /** File-wide context to collect from every part before translating (see FormatContext.chunk). */
  collectDefinitions?(text: string): string;
  /**
   * Keyed formats only: the translated units of a target this format wrote (or a person edited since), as
   * key → text in the form a translation takes before it is written (protected pieces as in the source,
   * the format's own escaping undone). Units without a translation are left out.
   */
  readUnits?(target: string): [string, string][];
  /**
   * A translation (as the pipeline hands it to `render`) in the same decoded form `readUnits` gives, so the
   * two compare; absent: the same form already.
   */
  decodeTranslation?(translation: string): string;
  /**
   * Unkeyed formats whose documents have `spans`: an existing target's segment j is the j-th segment the
   * app wrote, as long as the target has as many segments as the map remembers.
   */
  readonly editsByPosition?: boolean;
  /**
   * The segments (and keys) `parse` finds never depend on `FormatContext.targetLanguage`, only what
   * `render` writes does (a lang attribute, a locale value): a file's items for several target languages
   * then share one parse. Gettext leaves it out, as its plural forms follow the target's rule.
   */
  readonly sameSegmentsForEveryTarget?: boolean;
}
