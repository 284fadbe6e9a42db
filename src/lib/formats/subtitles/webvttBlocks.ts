import type { Line } from './lines.js';
import { parseCueTimings } from './webvttTimings.js';

export interface WebVttCue {
  timing: Line;
  /** The cue text: every line after the timing line up to the end of its block. */
  text: Line[];
}

export interface WebVttBlocks {
  cues: WebVttCue[];
  /** Index of the first line of every block after the header, in order. */
  blockStarts: number[];
  /** Timing lines browsers drop (their block with them). */
  rejectedTimings: Line[];
}

const ARROW = '-->';

/**
 * The block structure the W3C "WebVTT parser algorithm" gives `lines` (after the signature line when
 * `afterSignature`): the header ends at the first empty line or before the first line containing "-->"; a
 * block ends at an empty line, and a line containing "-->" that is not its first line (or its second after an
 * identifier) starts a new block. Only exactly empty lines end blocks: a line of spaces is cue text.
 */
export function webVttBlocks(lines: readonly Line[], afterSignature: boolean): WebVttBlocks {
  const result: WebVttBlocks = { cues: [], blockStarts: [], rejectedTimings: [] };
  let index = 0;
  if (afterSignature) {
    index = 1;
    if (index < lines.length && lines[index]?.text !== '') {
      while (index < lines.length && lines[index]?.text !== '' && !lines[index]?.text.includes(ARROW)) {
        index++;
      }
    }
  }
  const skipEmpty = () => {
    while (index < lines.length && lines[index]?.text === '') index++;
  };
  skipEmpty();
  while (index < lines.length) {
    result.blockStarts.push(index);
    index = collectBlock(lines, index, result);
    skipEmpty();
  }
  return result;
}

/** One block from `from`; returns the index of the line after it. */
function collectBlock(lines: readonly Line[], from: number, result: WebVttBlocks): number {
  let seenArrow = false;
  let cue: WebVttCue | undefined;
  let index = from;
  for (; index < lines.length; index++) {
    const line = lines[index]!;
    const lineCount = index - from + 1;
    if (line.text.includes(ARROW)) {
      if (lineCount === 1 || (lineCount === 2 && !seenArrow)) {
        seenArrow = true;
        if (parseCueTimings(line.text)) cue = { timing: line, text: [] };
        else {
          cue = undefined;
          result.rejectedTimings.push(line);
        }
        continue;
      }
      break;
    }
    if (line.text === '') {
      index++;
      break;
    }
    cue?.text.push(line);
  }
  if (cue) result.cues.push(cue);
  return index;
}
