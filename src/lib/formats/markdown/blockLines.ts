import {
  continueDefinitions,
  DEFINITIONS_OPEN,
  normalizeLabel,
  type DefinitionProgress,
  type FoundDefinition,
} from './definitionLines.js';
import {
  delimiterCells,
  fenceCloses,
  headCells,
  htmlEnds,
  htmlStart,
  indentOf,
  leafStart,
  THEMATIC_BREAK,
  type LeafStart,
} from './leafLines.js';

/**
 * Markdown's block structure read one line at a time, without a parser: micromark's document algorithm
 * (continue the open containers, else open new ones, else a lazy line) and just enough of its leaf blocks to
 * know where code fences, HTML blocks, front matter, tables and paragraphs begin and end. Kept to what
 * decides those; quirks of remark's parser are followed where they change them (see the comments).
 */

/** The open leaf block: what the next line can continue. */
type Tip =
  | LeafStart
  | { kind: 'table' | 'frontMatter' | 'indentedCode' }
  | { kind: 'paragraph'; definitions: DefinitionProgress; head: string; lastFound?: FoundDefinition };
type Container =
  | { kind: 'quote' | 'footnote' }
  | { kind: 'list'; marker: string; size: number; initialBlank: boolean; furtherBlank: boolean };
export interface BlockState {
  containers: readonly Container[];
  tip: Tip;
}
/** A line's text after the containers it belongs to, leading tabs expanded so indents count in columns. */
interface Line {
  text: string;
  column: number;
}
interface FlowStep {
  tip: Tip;
  found: FoundDefinition[];
  /** A lazy line that continued a paragraph (or micromark's tag quirk) keeps the containers it did not match. */
  keepsContainers?: boolean;
}

export const START: BlockState = { containers: [], tip: { kind: 'none' } };
const NONE: Tip = { kind: 'none' };
const BLANK = /^[ \t]*$/;
const FOOTNOTE_LABEL = /^\[\^((?:\\[[\]\\]|[^\s[\]\\]|\\(?=[^\s[\]\\])){1,999})\]:[ \t]*/;
export const FRONT_MATTER_FENCE = /^---[ \t]*$/;

function expand(text: string, column: number): Line {
  const first = text.charCodeAt(0);
  if (first !== 9 && first !== 32) return { text, column };
  let end = 0;
  let spaces = 0;
  for (; end < text.length; end++) {
    if (text[end] === ' ') spaces++;
    else if (text[end] === '\t') spaces += 4 - ((column + spaces) % 4);
    else break;
  }
  return { text: ' '.repeat(spaces) + text.slice(end), column };
}

const skip = (line: Line, columns: number): Line => ({
  text: line.text.slice(columns),
  column: line.column + columns,
});

/** The rest of the line after a marker of `width` columns at `at`, its own leading tabs expanded. */
const afterMarker = (line: Line, at: number, width: number): Line =>
  expand(line.text.slice(at + width), line.column + at + width);

function listItemStart(
  line: Line,
  interrupt: boolean,
  marker?: string,
): { container: Container; line: Line } | undefined {
  const indent = indentOf(line.text);
  if (indent > 3) return undefined;
  const text = line.text.slice(indent);
  const ordered = /^(\d{1,9})([.)])/.exec(text);
  const sign = ordered ? (ordered[2] ?? '') : text.charAt(0);
  if (ordered ? interrupt && ordered[1] !== '1' : sign === '' || !'*+-'.includes(sign)) return undefined;
  if ((marker !== undefined && marker !== sign) || (!ordered && THEMATIC_BREAK.test(text))) return undefined;
  const width = ordered ? ordered[0].length : 1;
  const rest = afterMarker(line, indent, width);
  const item = (size: number, initialBlank: boolean): Container => {
    return { kind: 'list', marker: sign, size, initialBlank, furtherBlank: false };
  };
  // An empty item cannot interrupt a paragraph; its content starts one column after the marker.
  if (BLANK.test(rest.text))
    return interrupt ? undefined : { container: item(indent + width + 1, true), line: rest };
  const spaces = indentOf(rest.text);
  if (spaces === 0) return undefined;
  // Five spaces or more start indented code one column after the marker.
  const used = spaces <= 4 ? spaces : 1;
  return { container: item(indent + width + used, false), line: skip(rest, used) };
}

/** The container `line` opens, if any: a block quote, a list item or a footnote definition. */
function containerStart(
  line: Line,
  interrupt: boolean,
): { container: Container; line: Line; found?: FoundDefinition } | undefined {
  const indent = indentOf(line.text);
  const first = line.text[indent];
  if (indent > 3 || first === undefined) return undefined;
  if (first === '>') {
    const rest = afterMarker(line, indent, 1);
    return { container: { kind: 'quote' }, line: rest.text.startsWith(' ') ? skip(rest, 1) : rest };
  }
  if (first === '[') {
    const label = FOOTNOTE_LABEL.exec(line.text.slice(indent));
    if (!label?.[1]) return undefined;
    const found: FoundDefinition = {
      kind: 'footnote',
      key: normalizeLabel(label[1]),
      line: `[^${label[1]}]:`,
    };
    return { container: { kind: 'footnote' }, line: skip(line, indent + label[0].length), found };
  }
  return listItemStart(line, interrupt);
}

function continueContainer(
  container: Container,
  line: Line,
  blank: boolean,
): { container: Container; line: Line; newItem?: boolean } | undefined {
  const indent = indentOf(line.text);
  if (container.kind === 'quote') {
    if (blank || indent > 3 || line.text[indent] !== '>') return undefined;
    const rest = afterMarker(line, indent, 1);
    return { container, line: rest.text.startsWith(' ') ? skip(rest, 1) : rest };
  }
  if (container.kind !== 'list') {
    if (blank) return { container, line };
    return indent >= 4 ? { container, line: skip(line, 4) } : undefined;
  }
  if (blank) {
    const furtherBlank = container.furtherBlank || container.initialBlank;
    return { container: { ...container, furtherBlank }, line: skip(line, Math.min(indent, container.size)) };
  }
  // An item that began with a blank line ends at the next blank line.
  if (!container.furtherBlank && indent >= container.size) {
    const continued = { ...container, initialBlank: false, furtherBlank: false };
    return { container: continued, line: skip(line, container.size) };
  }
  // Not indented enough for this item: it may still be the next item of the same list.
  const next = listItemStart(line, false, container.marker);
  return next && { ...next, newItem: true };
}

export const isConcrete = (tip: Tip): boolean =>
  tip.kind === 'fence' || tip.kind === 'html' || tip.kind === 'frontMatter';

const paragraph = (definitions: DefinitionProgress, head: string, found?: FoundDefinition): Tip => ({
  kind: 'paragraph',
  definitions,
  head,
  ...(found && { lastFound: found }),
});

function paragraphLine(tip: Extract<Tip, { kind: 'paragraph' }>, line: Line, lazy: boolean): FlowStep {
  // A definition is only sure once the next line has not made its line a table's head row.
  const earlier = tip.lastFound ? [tip.lastFound] : [];
  const indent = indentOf(line.text);
  const text = line.text.slice(indent);
  if (indent < 4) {
    if (!lazy && /^(?:=+|-+)[ \t]*$/.test(text)) return { tip: NONE, found: earlier };
    const started = leafStart(text, true, false);
    if (started) return { tip: started, found: earlier };
    const html = lazy ? htmlStart(text, true, true) : undefined;
    // That interrupting tag stays inside the containers the lazy line did not continue.
    if (html) return { tip: html, found: earlier, keepsContainers: true };
    const cells = lazy ? 0 : delimiterCells(text);
    if (cells > 0 && cells === headCells(tip.head)) {
      // The table interrupts the paragraph at its head row, which is then read afresh: a tag there wins.
      return { tip: htmlStart(tip.head.trimStart(), false, false) ?? { kind: 'table' }, found: [] };
    }
  }
  const { progress, found } = continueDefinitions(tip.definitions, line.text);
  return { tip: paragraph(progress, line.text, found), found: earlier, keepsContainers: true };
}

/** The open leaf block after `line` (its text after container markers), given the one before it. */
function flowLine(tip: Tip, line: Line, lazy: boolean): FlowStep {
  const blank = BLANK.test(line.text);
  // A lazy line (one that did not continue every container) ends the fences and HTML blocks inside them.
  if (tip.kind === 'fence' && !lazy) return { tip: fenceCloses(tip, line.text) ? NONE : tip, found: [] };
  if (tip.kind === 'html' && !lazy)
    return { tip: htmlEnds(tip.end, line.text, blank) ? NONE : tip, found: [] };
  if (tip.kind === 'frontMatter') return { tip: FRONT_MATTER_FENCE.test(line.text) ? NONE : tip, found: [] };
  if (tip.kind === 'paragraph' && !blank) return paragraphLine(tip, line, lazy);
  const earlier = tip.kind === 'paragraph' && tip.lastFound ? [tip.lastFound] : [];
  // Indented code looks past blank lines for more of itself, so it is still open for the line after them.
  if (blank) return { tip: tip.kind === 'indentedCode' && !lazy ? tip : NONE, found: earlier };
  const indent = indentOf(line.text);
  if (indent >= 4) return { tip: { kind: 'indentedCode' }, found: [] };
  const started = leafStart(line.text.slice(indent), false, lazy);
  if (started) return { tip: started, found: [] };
  if (tip.kind === 'table' && !lazy) return { tip, found: [] };
  const { progress, found } = continueDefinitions(DEFINITIONS_OPEN, line.text);
  return { tip: paragraph(progress, line.text, found), found: [] };
}

/** The block state after one more line (without its line ending), and the definitions that line settles. */
export function readLine(
  state: BlockState,
  raw: string,
  containersOpen: boolean,
): { state: BlockState; found: FoundDefinition[] } {
  const blank = BLANK.test(raw);
  let line = expand(raw, 0);
  const containers = state.containers.slice();
  let continued = 0;
  let flowClosed = false;
  while (continued < containers.length) {
    const next = continueContainer(containers[continued] as Container, line, blank);
    if (!next) break;
    containers[continued++] = next.container;
    line = next.line;
    if (next.newItem) {
      containers.length = continued;
      flowClosed = true;
    }
  }
  const matched = continued === containers.length && !flowClosed;
  const found: FoundDefinition[] = [];
  const settle = (step: FlowStep, kept: readonly Container[]) => ({
    state: { containers: kept, tip: step.tip },
    found: [...found, ...step.found],
  });
  if (matched && isConcrete(state.tip)) return settle(flowLine(state.tip, line, false), containers);
  // An open paragraph or indented code keeps lists that start past 1, or empty, from interrupting it; micromark
  // keeps that flag for every container the line opens, not only the first.
  const interrupt = matched && (state.tip.kind === 'paragraph' || state.tip.kind === 'indentedCode');
  let opened = flowClosed;
  for (let start = containersOpen && containerStart(line, interrupt); start;) {
    if (!opened) containers.length = continued;
    opened = true;
    containers.push(start.container);
    line = start.line;
    if (start.found) found.push(start.found);
    start = containerStart(line, interrupt);
  }
  if (opened) {
    if (state.tip.kind === 'paragraph' && state.tip.lastFound) found.unshift(state.tip.lastFound);
    return settle(flowLine(NONE, line, false), containers);
  }
  if (matched) return settle(flowLine(state.tip, line, false), containers);
  const step = flowLine(state.tip, line, true);
  return settle(step, step.keepsContainers ? containers : containers.slice(0, continued));
}
