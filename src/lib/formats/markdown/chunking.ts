import { FRONT_MATTER_FENCE, isConcrete, readLine, START, type BlockState } from './blockLines.js';
import type { FoundDefinition } from './definitionLines.js';

const BLANK = /^[ \t]*$/;
const LIST_ITEM = /^(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)/;
const LINE_END = /\r\n|\r|\n/g;
const FRONT_MATTER_CLOSE = /(?:\r\n|\r|\n)---[ \t]*(?:\r|\n|$)/g;

/**
 * One pass over `text`'s lines (blockLines.ts; no parser: the worker asks on every window of files of many
 * megabytes, and a parse costs seconds per megabyte): `boundary` is the last safe cut, `found` every
 * definition in order.
 */
function scan(text: string): { boundary: number; found: FoundDefinition[] } {
  let state: BlockState = START;
  const found: FoundDefinition[] = [];
  let boundary = 0;
  let cuts = true;
  let containersOpen = true;
  let previousBlank = false;
  let seenContent = false;
  let lineStart = text.startsWith('\uFEFF') ? 1 : 0;
  for (let first = true; ; first = false) {
    LINE_END.lastIndex = lineStart;
    const end = LINE_END.exec(text);
    const raw = text.slice(lineStart, end ? end.index : text.length);
    const blank = BLANK.test(raw);
    if (first && end && FRONT_MATTER_FENCE.test(raw)) {
      FRONT_MATTER_CLOSE.lastIndex = end.index;
      if (FRONT_MATTER_CLOSE.test(text)) state = { containers: [], tip: { kind: 'frontMatter' } };
      else {
        // Unclosed here, it may close beyond this text. If it never does, remark's failed attempt leaves no
        // block quote, list or footnote in the whole file, while parts after the first would have them.
        cuts = false;
        containersOpen = false;
      }
    }
    if (state.tip.kind !== 'frontMatter' || !first) {
      const cut =
        previousBlank &&
        seenContent &&
        !blank &&
        raw[0] !== ' ' &&
        raw[0] !== '\t' &&
        // A later part never starts with what would read as front matter when scanned on its own.
        !FRONT_MATTER_FENCE.test(raw) &&
        !isConcrete(state.tip) &&
        // After indented code a list must start at 1 to be one, as it need not in a part of its own.
        !(state.tip.kind === 'indentedCode' && LIST_ITEM.test(raw));
      if (cut && cuts) boundary = lineStart;
      const read = readLine(state, raw, containersOpen);
      state = read.state;
      found.push(...read.found);
    }
    previousBlank = blank;
    seenContent ||= !blank;
    if (!end) break;
    lineStart = end.index + end[0].length;
  }
  if (state.tip.kind === 'paragraph' && state.tip.lastFound) found.push(state.tip.lastFound);
  return { boundary, found };
}

/**
 * The start of the last line that begins a top-level block after a blank line, at column 0 (so never the
 * indented continuation of a list item, a footnote or indented code) and outside any code fence, HTML block
 * or front matter: nothing before it can still claim its lines, so both sides parse as they do in the whole
 * file. 0 when there is none. The text may end mid-block: a block still open at the end holds no cut.
 */
export function markdownChunkBoundary(text: string): number {
  return scan(text).boundary;
}

/**
 * Every link reference definition (`[label]: <dest> "title"`) and footnote label (`[^label]:`) in `text`,
 * first definition of a label winning as in CommonMark. Appended to a part, they let its references
 * resolve as they do in the whole file; footnotes get an empty body since only their labels matter, and a
 * blank line each so none can be read as another's continuation.
 */
export function collectMarkdownDefinitions(text: string): string {
  const links = new Map<string, string>();
  const footnotes = new Map<string, string>();
  for (const { kind, key, line } of scan(text).found) {
    const labels = kind === 'link' ? links : footnotes;
    if (!labels.has(key)) labels.set(key, line);
  }
  const linkLines = [...links.values()].join('\n');
  return [...(linkLines === '' ? [] : [linkLines]), ...footnotes.values()].join('\n\n');
}
