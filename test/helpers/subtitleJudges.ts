import { createRequire } from 'node:module';
import SrtParser from 'srt-parser-2';
import webvtt from 'webvtt-parser';

/**
 * Independent readers used as judges: what a player would list as cues, before and after translation.
 * webvtt-parser gets the full HTML entity table: its default one leaves the `;` of `&amp;` in the text.
 */
const entities = createRequire(import.meta.url)('webvtt-parser/html-entities.json') as Record<
  `&${string}`,
  string
>;

export interface JudgedCue {
  id: string;
  start: number;
  end: number;
  /** Cue settings as the judge read them (WebVTT only). */
  settings: string;
  text: string;
  /** The text a viewer sees: markup removed and character references decoded (WebVTT only). */
  shown: string;
}

type Node = { type: string; value?: string; children?: Node[] };
const shownText = (node: Node): string =>
  node.type === 'text' ? (node.value ?? '') : (node.children ?? []).map(shownText).join('');

export function webVttCues(text: string): JudgedCue[] {
  return new webvtt.WebVTTParser(entities).parse(text, 'metadata').cues.map((cue) => ({
    id: cue.id,
    start: cue.startTime,
    end: cue.endTime,
    settings: [
      cue.direction,
      cue.linePosition,
      cue.lineAlign,
      cue.textPosition,
      cue.positionAlign,
      cue.size,
      cue.alignment,
    ].join(' '),
    text: cue.text,
    shown: shownText(cue.tree as Node),
  }));
}

export function subRipCues(text: string): JudgedCue[] {
  return new SrtParser().fromSrt(text).map((cue) => ({
    id: cue.id,
    start: cue.startSeconds,
    end: cue.endSeconds,
    settings: '',
    text: cue.text,
    shown: cue.text,
  }));
}

/** Everything but the text: what translating must never change. */
export const cueFrames = (cues: readonly JudgedCue[]) =>
  cues.map(({ id, start, end, settings }) => ({ id, start, end, settings }));
