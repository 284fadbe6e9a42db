import { decodeHTMLStrict } from 'entities';
import { findLinks } from '../links.js';
import { normalizeLabel } from './definitionLines.js';
import type { KeepSyntax } from './inlinePieces.js';
import { delimiterCells, THEMATIC_BREAK } from './leafLines.js';

/** A stretch of a segment's output: translated text, or a keep piece of the source with what it does. */
export interface OutputPart {
  kind: 'text' | 'keep';
  text: string;
  syntax?: KeepSyntax;
}

/** Where a segment's phrasing content stands in the document. */
export interface BlockContext {
  kind: 'paragraph' | 'heading' | 'tableCell';
  /** The content starts where a line's content starts, so block syntax (`# `, `- `, `> `) would work there. */
  startsLine: boolean;
  /** A line break would end the block (an ATX heading, a table cell). */
  singleLine: boolean;
  /** Normalised labels of the document's link reference definitions: `[label]` links to them. */
  definitions: ReadonlySet<string>;
}

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
const PUNCTUATION = /[\p{P}\p{S}]/u;
const WHITESPACE = /\s/u;
const CHARACTER_REFERENCE = /&(?:#\d{1,7}|#[xX][\da-fA-F]{1,6}|[A-Za-z][A-Za-z\d]{1,31});/y;
const AUTOLINK = /<[^\s<>]*>/y;

/** The output as one string, with what the translation wrote (outside addresses) marked as escapable. */
class Output {
  readonly text: string;
  /** 1 where the translation wrote the character (and it is not part of a URL or e-mail address). */
  readonly escapable: Uint8Array;
  /** Open link or image labels at each character. */
  readonly linkDepth: Uint32Array;
  /** 1 inside kept block syntax that belongs at a line start (a quote's `>`). */
  readonly linePrefix: Uint8Array;
  /** How escaped characters are written, by index. */
  readonly escapes = new Map<number, string>();

  constructor(parts: readonly OutputPart[]) {
    this.text = parts.map((part) => part.text).join('');
    this.escapable = new Uint8Array(this.text.length);
    this.linkDepth = new Uint32Array(this.text.length);
    this.linePrefix = new Uint8Array(this.text.length);
    let at = 0;
    let depth = 0;
    for (const part of parts) {
      const end = at + part.text.length;
      if (part.kind === 'text') {
        this.escapable.fill(1, at, end);
        this.linkDepth.fill(depth, at, end);
        for (const link of findLinks(part.text)) this.escapable.fill(0, at + link.start, at + link.end);
      } else {
        if (part.syntax?.linePrefix) this.linePrefix.fill(1, at, end);
        depth = part.syntax?.linkDepth ?? depth;
      }
      at = end;
    }
  }

  escape(index: number, written = `\\${this.text.charAt(index)}`): void {
    if (this.escapable[index]) this.escapes.set(index, written);
  }

  written(): string {
    let output = '';
    let cursor = 0;
    for (const [index, written] of [...this.escapes].sort(([a], [b]) => a - b)) {
      output += this.text.slice(cursor, index) + written;
      cursor = index + 1;
    }
    return output + this.text.slice(cursor);
  }
}

/** Offset in `line` (a translated line's content) of the character that would start block syntax, or -1. */
function blockSyntaxAt(line: string, firstLine: boolean, block: BlockContext): number {
  if (/^(?:#{1,6}|[-+*])(?:[ \t]|$)/.test(line) || line.startsWith('>')) return 0;
  const ordered = /^(\d{1,9})[.)](?:[ \t]|$)/.exec(line);
  if (ordered?.[1]) return ordered[1].length;
  if (THEMATIC_BREAK.test(line) || /^(?:`{3}|~{3}|<[A-Za-z/!?])/.test(line)) return 0;
  // Under a line of text: a setext underline or a table's delimiter row.
  if (!firstLine && (/^(?:=+|-+)[ \t]*$/.test(line) || delimiterCells(line) > 0)) return 0;
  // A task list item's checkbox, at the start of a list item's paragraph.
  return firstLine && block.kind === 'paragraph' && /^\[[ xX]\](?:[ \t]|$)/.test(line) ? 0 : -1;
}

function escapeLineStarts(output: Output, block: BlockContext): void {
  const { text } = output;
  const starts = block.startsLine ? [0] : [];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  for (const start of starts) {
    let at = start;
    while (at < text.length && (output.linePrefix[at] || text[at] === ' ' || text[at] === '\t')) at++;
    if (!output.escapable[at]) continue;
    const lineEnd = text.indexOf('\n', at);
    const line = text.slice(at, lineEnd === -1 ? text.length : lineEnd).replace(/\r$/, '');
    const offset = blockSyntaxAt(line, start === 0, block);
    if (offset >= 0) output.escape(at + offset);
  }
}

/**
 * Translated brackets inside a link's or image's label would end or split it; elsewhere a translated pair
 * is escaped when it would become a link: followed by `(`, `[` or `:`, naming a definition or a footnote.
 * A lone bracket, or a pair that stays text (`[es: …]`), is written as it is.
 */
function escapeBrackets(output: Output, block: BlockContext): void {
  const { text } = output;
  const openers: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if ((char !== '[' && char !== ']') || !output.escapable[i]) continue;
    if (output.linkDepth[i]) output.escape(i);
    else if (char === '[') {
      // Right after a kept `[label]`, it would make that reference a full one.
      if (text[i - 1] === ']' && !output.escapable[i - 1]) output.escape(i);
      else openers.push(i);
    } else {
      const opener = openers.pop();
      // A row reads as one line to parsers without tables, where brackets of different cells pair.
      if (opener === undefined && block.kind === 'tableCell') output.escape(i);
      if (opener === undefined) continue;
      const label = text.slice(opener + 1, i);
      const task = opener === 0 && block.kind === 'paragraph' && /^[ xX]$/.test(label);
      if (
        /^[([:]/.test(text[i + 1] ?? '') ||
        label.startsWith('^') ||
        block.definitions.has(normalizeLabel(label)) ||
        task
      ) {
        output.escape(opener);
        output.escape(i);
      }
    }
  }
  if (block.kind === 'tableCell') for (const opener of openers) output.escape(opener);
}

const isWhitespace = (char: string | undefined): boolean => char === undefined || WHITESPACE.test(char);
const isPunctuation = (char: string | undefined): boolean => char !== undefined && PUNCTUATION.test(char);

/** Whether a run of `*`, `_` or `~` between `before` and `after` can open and close (CommonMark's flanking rules). */
export function flanking(
  char: string,
  before: string | undefined,
  after: string | undefined,
): { opens: boolean; closes: boolean } {
  const left =
    !isWhitespace(after) && (!isPunctuation(after) || isWhitespace(before) || isPunctuation(before));
  const right =
    !isWhitespace(before) && (!isPunctuation(before) || isWhitespace(after) || isPunctuation(after));
  if (char !== '_') return { opens: left, closes: right };
  return {
    opens: left && (!right || isPunctuation(before)),
    closes: right && (!left || isPunctuation(after)),
  };
}

/** Length of the run of `char` starting at `start`. */
function runLength(text: string, start: number, char: string): number {
  let end = start;
  while (text[end] === char) end++;
  return end - start;
}

function escapeRun(output: Output, start: number, length: number): void {
  for (let i = start; i < start + length; i++) output.escape(i);
}

function escapeInline(output: Output, block: BlockContext): void {
  const { text } = output;
  const backticks = text.split('`').length - 1;
  const lastCloser = text.lastIndexOf('>');
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    if (!output.escapable[i] || output.escapes.has(i)) continue;
    const next = text[i + 1] ?? '';
    if (char === '`' || char === '*' || char === '_' || char === '~') {
      const length = runLength(text, i, char);
      // Next to kept delimiters of the same kind it would change them.
      const mixed = text[i - 1] === char || output.escapable.subarray(i, i + length).includes(0);
      const { opens, closes } = flanking(char, text[i - 1], text[i + length]);
      // In a table, backticks of different cells pair for parsers that read the row as one line.
      const syntax = char === '`' ? backticks > length || block.kind === 'tableCell' : opens || closes;
      if (mixed || syntax) escapeRun(output, i, length);
      i += length - 1;
      continue;
    }
    let escaped = false;
    // At the segment's end, the source's next character (a table's `|`) would be escaped.
    if (char === '\\')
      escaped = next === '' || ASCII_PUNCTUATION.test(next) || next === '\n' || next === '\r';
    else if (char === '!') escaped = next === '[' && !output.escapes.has(i + 1);
    else if (char === '(') escaped = text[i - 1] === ']' && !output.escapable[i - 1];
    else if (char === '|') escaped = block.kind === 'tableCell';
    else if (char === '<') {
      AUTOLINK.lastIndex = i;
      const closed = lastCloser > i || block.kind === 'tableCell';
      escaped = (/[A-Za-z/!?]/.test(next) && closed) || AUTOLINK.test(text);
    } else if (char === '&') {
      CHARACTER_REFERENCE.lastIndex = i;
      const reference = CHARACTER_REFERENCE.exec(text)?.[0];
      escaped = reference !== undefined && decodeHTMLStrict(reference) !== reference;
    } else if (char === '#' && block.kind === 'heading' && block.singleLine) {
      // An ATX heading's closing sequence: `#`s at its end after a space are dropped.
      escaped = /^#+[ \t]*$/.test(text.slice(i)) && (i === 0 || /[ \t]/.test(text.charAt(i - 1)));
    }
    // markdown-it reads `\\|` as an escaped pipe: a cell's last backslash is written as a reference.
    if (escaped && char === '\\' && next === '' && block.kind === 'tableCell') output.escape(i, '&#92;');
    else if (escaped) output.escape(i);
  }
}

/**
 * Writes a segment's output with backslash escapes before the translated characters that Markdown would
 * otherwise read as syntax the source did not have there: emphasis and code delimiters, brackets that would
 * make links, HTML and autolinks, character references, escapes, table pipes, and block markers at a line's
 * start. Characters that stay text where they stand are not escaped, and addresses are written as they are.
 */
export function escapeTranslation(parts: readonly OutputPart[], block: BlockContext): string {
  const output = new Output(parts);
  escapeLineStarts(output, block);
  escapeBrackets(output, block);
  escapeInline(output, block);
  return output.written();
}
