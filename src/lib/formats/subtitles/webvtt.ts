import { PermanentItemError } from '../../errors.js';
import type { FormatContext, ParsedDocument, TextFormat } from '../format.js';
import { spliceDocument, type SplicedRegion } from '../splice.js';
import { cueRegion, singleLine, type CueTextRules } from './cueText.js';
import { splitLines } from './lines.js';
import { webVttMarkup } from './webvttMarkup.js';
import { webVttBlocks } from './webvttBlocks.js';

const WEBVTT_TEXT: CueTextRules = {
  markup: webVttMarkup,
  keepsLine: () => false,
  // Cue text is HTML-like: a bare `<` or `&` would start markup, and a line holding `-->` would start a cue.
  escape: (text) => singleLine(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/-->/g, '--&gt;'),
  isBlankLine: (text) => text === '',
};

/** "WEBVTT", alone or followed by a space or tab and anything, on the first line. */
const SIGNATURE = /^WEBVTT(?:[ \t].*)?$/;

const invalid = (detail: string): PermanentItemError =>
  new PermanentItemError('invalid_document', `The file is not a valid WebVTT file: ${detail}.`);

/** A part that starts the file begins with the signature; later parts start at a block. */
const startsFile = (context: FormatContext): boolean => (context.chunk?.index ?? 0) === 0;

function parseWebVtt(source: string, context: FormatContext): ParsedDocument {
  const lines = splitLines(source);
  const withHeader = startsFile(context);
  if (withHeader && !SIGNATURE.test(lines[0]?.text ?? '')) throw invalid('no WEBVTT signature line');
  const { cues, rejectedTimings } = webVttBlocks(lines, withHeader);
  const rejected = rejectedTimings[0];
  // Browsers drop a cue whose timings they cannot read; a file where they read none is not subtitles.
  // The first part holds a readable cue whenever it holds an unreadable one (see lastBlockStart).
  if (withHeader && cues.length === 0 && rejected) {
    throw invalid(`expected a cue timing line, found "${rejected.text.trim().slice(0, 60)}"`);
  }
  const regions = cues
    .map((cue) => cueRegion(source, cue.text, WEBVTT_TEXT))
    .filter((region): region is SplicedRegion => region !== undefined);
  return spliceDocument(source, regions);
}

/**
 * Where the last block whose first line is whole starts (a block holding a timing line, a comment, a style
 * sheet): cut there, the parts parse alone into the blocks the whole file has. The first part is not cut
 * off while it has unreadable timings and no readable cue, so that the whole-file check above stays true.
 */
function lastBlockStart(text: string): number {
  const lines = splitLines(text).filter((line) => line.complete);
  const withHeader = SIGNATURE.test(lines[0]?.text ?? '');
  const { blockStarts, cues, rejectedTimings } = webVttBlocks(lines, withHeader);
  const last = blockStarts.at(-1);
  if (last === undefined || (!withHeader && blockStarts.length < 2)) return 0;
  const cut = lines[last]?.start ?? 0;
  const before = (line: { start: number }) => line.start < cut;
  if (withHeader && rejectedTimings.some(before) && !cues.some((cue) => before(cue.timing))) return 0;
  return cut;
}

export const vttFormat: TextFormat = {
  id: 'vtt',
  extensions: ['.vtt'],
  version: 3,
  editsByPosition: true,
  sameSegmentsForEveryTarget: true,
  parse: parseWebVtt,
  chunkBoundary: lastBlockStart,
};
