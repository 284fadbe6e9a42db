import { PermanentItemError } from '../../errors.js';
import type { ParsedDocument, TextFormat } from '../format.js';
import { spliceDocument, type SplicedRegion } from '../splice.js';
import { cueRegion, markupMatching, singleLine, type CueTextRules } from './cueText.js';
import { splitLines } from './lines.js';
import { subRipCues } from './subripCues.js';

const SUBRIP_TEXT: CueTextRules = {
  // HTML-like styling (<i>, <font color=...>) and ASS override codes ({\an8}).
  markup: markupMatching(/<\/?[A-Za-z][^<>\r\n]*>|\{\\[^{}\r\n]*\}/g),
  // A broken timing line or a lone number (a cue whose timing line is missing) is structure, not prose.
  keepsLine: (text) => text.includes('-->') || /^\s*\d+\s*$/.test(text),
  // SubRip has no character references: markup characters stay as they are, and an arrow loses a dash
  // so that no line of text can read as a timing line.
  escape: (text) => singleLine(text).replace(/-->/g, '->'),
  isBlankLine: (text) => text.trim() === '',
};

const invalid = (detail: string): PermanentItemError =>
  new PermanentItemError('invalid_document', `The file is not a valid SubRip (.srt) file: ${detail}.`);

function parseSubRip(source: string): ParsedDocument {
  const lines = splitLines(source);
  const cues = subRipCues(lines);
  if (cues.length === 0) {
    const arrow = lines.find((line) => line.text.includes('-->'));
    if (arrow) throw invalid(`expected a cue timing line, found "${arrow.text.trim().slice(0, 60)}"`);
    if (lines.some((line) => line.text.trim() !== '')) throw invalid('no cue timing line');
  }
  const regions = cues
    .flatMap((cue) => cue.textRuns)
    .map((run) => cueRegion(source, run, SUBRIP_TEXT))
    .filter((region): region is SplicedRegion => region !== undefined);
  return spliceDocument(source, regions);
}

/** Where the last cue whose first line is whole starts: both sides of it parse alone as they do together. */
function lastCueStart(text: string): number {
  const lines = splitLines(text).filter((line) => line.complete);
  const cues = subRipCues(lines);
  const last = cues.at(-1);
  // The first part must hold a cue: lines before the first one would parse alone as a file with no cue.
  return last && cues.length > 1 ? (lines[last.start]?.start ?? 0) : 0;
}

export const srtFormat: TextFormat = {
  id: 'srt',
  extensions: ['.srt'],
  version: 2,
  editsByPosition: true,
  sameSegmentsForEveryTarget: true,
  parse: (source) => parseSubRip(source),
  chunkBoundary: lastCueStart,
};
