import type { Line } from './lines.js';

/**
 * A SubRip timing line as players read it (FFmpeg's reader scans `%d:%d:%d%*1[,.]%d --> ...`): hours,
 * minutes and seconds of any width, `,` or `.` before the milliseconds, optional spaces around the arrow,
 * indentation, and anything after the end time (coordinates such as `X1:100 X2:600 Y1:50 Y2:120`).
 */
const TIMING = /^\s*\d+:\d+:\d+[,.]\d+\s*-->\s*\d+:\d+:\d+[,.]\d+(?:\D.*)?$/;

export const isSubRipTiming = (text: string): boolean => TIMING.test(text);

const isBlank = (line: Line | undefined): boolean => line !== undefined && line.text.trim() === '';
const isNumber = (line: Line | undefined): boolean => line !== undefined && /^\s*\d+\s*$/.test(line.text);

export interface SubRipCue {
  /** The first line of the cue: its number when it has one, else its timing line. */
  start: number;
  timing: number;
  /** Runs of text lines, each ended by a blank line: players show them all as the cue's text. */
  textRuns: Line[][];
}

/**
 * Cues as players find them: a cue starts at a timing line (with the number just before it, if any), whether or
 * not a blank line precedes it; its text is every other line up to the next cue. Lines before the first
 * timing line are not shown by players, so they belong to no cue.
 */
export function subRipCues(lines: readonly Line[]): SubRipCue[] {
  const cues: SubRipCue[] = [];
  lines.forEach((line, index) => {
    if (!isSubRipTiming(line.text)) return;
    const numbered = index > 0 && isNumber(lines[index - 1]) && !isSubRipTiming(lines[index - 1]!.text);
    cues.push({ start: numbered ? index - 1 : index, timing: index, textRuns: [] });
  });
  cues.forEach((cue, i) => {
    const end = cues[i + 1]?.start ?? lines.length;
    let run: Line[] = [];
    for (let index = cue.timing + 1; index < end; index++) {
      const line = lines[index]!;
      if (isBlank(line)) {
        if (run.length > 0) cue.textRuns.push(run);
        run = [];
      } else run.push(line);
    }
    if (run.length > 0) cue.textRuns.push(run);
  });
  return cues;
}
