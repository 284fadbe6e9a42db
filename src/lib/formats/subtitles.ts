import { PermanentItemError } from '../errors.js';
import type { Piece } from '../translation/translator.js';
import type { FormatContext, ParsedDocument, TextFormat } from './format.js';
import { hasLetters, pushPiece, pushProtected, rebuildTranslation } from './pieceMatching.js';
import { spliceDocument, type SplicedRegion } from './splice.js';

/** One line: `end` is where its content stops, `next` where the following line starts. */
interface Line {
  start: number;
  end: number;
  next: number;
  text: string;
}

interface SubtitleRules {
  name: string;
  /** A valid timing line: start --> end, then cue settings (VTT) or coordinates (SRT). */
  timing: RegExp;
  /** Inline markup and character references inside cue text. */
  markup: RegExp;
  /** Blocks kept whole: comments, styles, regions (VTT). */
  isOpaqueBlock: (firstLine: string) => boolean;
  /** How the engine's text is written into the file. */
  escape: (text: string) => string;
  /** Checks the file's header block and returns how many leading blocks it spans. */
  headerBlocks: (blocks: readonly Line[][], context: FormatContext) => number;
}

const SRT_TIME = String.raw`\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}`;
const VTT_TIME = String.raw`(?:\d{2,}:)?\d{2}:\d{2}\.\d{3}`;

const invalid = (format: string, detail: string): PermanentItemError =>
  new PermanentItemError('invalid_document', `The file is not a valid ${format} file: ${detail}.`);

function splitLines(source: string): Line[] {
  const lines: Line[] = [];
  for (const match of source.matchAll(/([^\r\n]*)(\r\n|\n|\r|$)/g)) {
    if (match.index === source.length && match[0] === '') break;
    // A byte order mark is kept in place but read as no part of the first line.
    const bom = match.index === 0 && source.startsWith('\uFEFF') ? 1 : 0;
    const text = (match[1] ?? '').slice(bom);
    lines.push({
      start: match.index + bom,
      end: match.index + bom + text.length,
      next: match.index + match[0].length,
      text,
    });
  }
  return lines;
}

/** Runs of non-blank lines: cues and the header, comment, style and region blocks around them. */
function blocksOf(lines: readonly Line[]): Line[][] {
  const blocks: Line[][] = [];
  let block: Line[] = [];
  for (const line of lines) {
    if (line.text.trim() !== '') {
      block.push(line);
    } else if (block.length > 0) {
      blocks.push(block);
      block = [];
    }
  }
  if (block.length > 0) blocks.push(block);
  return blocks;
}

/** A cue's text as one segment: each line's markup and the line breaks between lines are protected. */
function cueRegion(
  source: string,
  textLines: readonly Line[],
  rules: SubtitleRules,
): SplicedRegion | undefined {
  const first = textLines[0];
  const last = textLines.at(-1);
  if (!first || !last) return undefined;
  const pieces: Piece[] = [];
  textLines.forEach((line, i) => {
    if (i > 0) pushPiece(pieces, 'keep', source.slice(textLines[i - 1]!.end, line.start));
    pushProtected(pieces, line.text, rules.markup);
  });
  if (!hasLetters(pieces)) return undefined;
  return {
    start: first.start,
    end: last.end,
    pieces,
    write: (translation) =>
      rebuildTranslation(translation, pieces, {
        text: rules.escape,
        keep: (index) => pieces[index]?.text ?? '',
      }),
  };
}

function parseSubtitles(source: string, context: FormatContext, rules: SubtitleRules): ParsedDocument {
  const blocks = blocksOf(splitLines(source));
  const regions: SplicedRegion[] = [];
  for (const block of blocks.slice(rules.headerBlocks(blocks, context))) {
    const first = block[0];
    if (!first || rules.isOpaqueBlock(first.text)) continue;
    const timingAt = first.text.includes('-->') ? 0 : 1;
    const timing = block[timingAt];
    if (!timing || !rules.timing.test(timing.text)) {
      const line = (timing ?? first).text.slice(0, 60);
      throw invalid(rules.name, `expected a cue timing line, found "${line}"`);
    }
    const region = cueRegion(source, block.slice(timingAt + 1), rules);
    if (region) regions.push(region);
  }
  return spliceDocument(source, regions);
}

/**
 * The last blank line with more text after it: cues never span blank lines, so both sides are whole cues
 * (or whole comment and style blocks).
 */
function lastBlankLine(text: string): number {
  let boundary = 0;
  for (const match of text.matchAll(/(?:\r\n|\n|\r)(?:[ \t]*(?:\r\n|\n|\r))+/g)) {
    const end = match.index + match[0].length;
    if (end < text.length && text.slice(0, match.index).trim() !== '') boundary = end;
  }
  return boundary;
}

/** Engines may add line breaks of their own; inside a cue they would end it early, so they become spaces. */
const singleLine = (text: string): string => text.replace(/\s*(?:\r\n|\n|\r)\s*/g, ' ');

const SRT_RULES: SubtitleRules = {
  name: 'SubRip (.srt)',
  timing: new RegExp(String.raw`^\s*${SRT_TIME}\s*-->\s*${SRT_TIME}(?:\s.*)?$`),
  // HTML-like styling (<i>, <font color=...>) and ASS override codes ({\an8}).
  markup: /<\/?[A-Za-z][^<>\r\n]*>|\{\\[^{}\r\n]*\}/g,
  isOpaqueBlock: () => false,
  escape: singleLine,
  headerBlocks: () => 0,
};

const VTT_RULES: SubtitleRules = {
  name: 'WebVTT',
  timing: new RegExp(String.raw`^${VTT_TIME}[ \t]+-->[ \t]+${VTT_TIME}(?:[ \t]+.*)?$`),
  // Voice, class, language and ruby tags, karaoke timestamps (<00:00:01.000>) and character references.
  markup: /<[^<>\r\n]*>|&(?:#\d+|#x[\da-fA-F]+|[A-Za-z][A-Za-z\d]*);/g,
  isOpaqueBlock: (line) => /^(?:NOTE(?:[ \t]|$)|STYLE[ \t]*$|REGION[ \t]*$)/.test(line),
  // Cue text is HTML-like: a bare `<` or `&` would start markup, and `-->` would read as a timing line.
  escape: (text) => singleLine(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/-->/g, '--&gt;'),
  headerBlocks: (blocks, context) => {
    if ((context.chunk?.index ?? 0) > 0) return 0;
    if (!/^WEBVTT(?:[ \t].*)?$/.test(blocks[0]?.[0]?.text ?? '')) throw invalid('WebVTT', 'no WEBVTT header');
    return 1;
  },
};

export const srtFormat: TextFormat = {
  id: 'srt',
  extensions: ['.srt'],
  version: 1,
  parse: (source, context) => parseSubtitles(source, context, SRT_RULES),
  chunkBoundary: lastBlankLine,
};

export const vttFormat: TextFormat = {
  id: 'vtt',
  extensions: ['.vtt'],
  version: 1,
  parse: (source, context) => parseSubtitles(source, context, VTT_RULES),
  chunkBoundary: lastBlankLine,
};
