import type { FormatContext } from '../../formats/format.js';
import type { SegmentPieces } from '../../translation/translator.js';

/**
 * What crosses to a parse thread and back: plain data only (structured clone). A parsed document holds
 * closures, so it never crosses: the render step parses the same text again on whichever thread runs it.
 */
export type ParseTask =
  | { kind: 'boundary'; format: string; text: string }
  | { kind: 'definitions'; format: string; text: string }
  | { kind: 'segments'; format: string; text: string; context: FormatContext }
  | { kind: 'keyedSegments'; format: string; text: string; context: FormatContext }
  | { kind: 'units'; format: string; text: string }
  | { kind: 'spans'; format: string; text: string; context: FormatContext }
  | {
      kind: 'renderSpans';
      format: string;
      text: string;
      context: FormatContext;
      translations: readonly string[];
      /** Indexes of the segments written as given (see SegmentSpans.render). */
      verbatim: readonly number[];
    }
  | {
      kind: 'render';
      format: string;
      text: string;
      context: FormatContext;
      translations: readonly string[];
    };

export type ParseValue<T extends ParseTask['kind']> = {
  boundary: number;
  definitions: string;
  segments: readonly SegmentPieces[];
  /** The segments and, for keyed formats, their unit keys (see ParsedDocument.keys). */
  keyedSegments: { segments: readonly SegmentPieces[]; keys?: readonly (string | undefined)[] };
  /** A target's translated units (see TextFormat.readUnits); [] for formats without keys. */
  units: [string, string][];
  /** A target's segments as they stand in it (see SegmentSpans.texts); [] for formats without spans. */
  spans: readonly string[];
  render: string;
  /** The rendered part and each segment's stretch of it (see SegmentSpans.render). */
  renderSpans: { text: string; spans: string[] };
}[T];

/**
 * A task's answer. A PermanentItemError (`invalid_document`) comes back as data: an error's class and `code`
 * do not survive the thread boundary.
 */
export type ParseOutcome<T = unknown> = { ok: true; value: T } | { ok: false; code: string; message: string };

/** Posted by a parse thread as it starts a task, so the time limit counts from then, not from queueing. */
export interface TaskStarted {
  parseTaskStarted: number;
}

export const isTaskStarted = (message: unknown): message is TaskStarted =>
  typeof message === 'object' && message !== null && 'parseTaskStarted' in message;
