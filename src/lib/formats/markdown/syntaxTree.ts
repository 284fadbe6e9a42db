import type { Nodes, Parent, Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

const withFrontMatter = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).freeze();
const withoutFrontMatter = unified().use(remarkParse).use(remarkGfm).freeze();

/**
 * Calls `enter` for every node in document order, parents before their children, without recursion: a
 * document nested thousands of levels deep must not overflow the stack. `enter` returning false skips the
 * node's children; it may replace them (they are read after it returns).
 */
export function walkTree(tree: Nodes, enter: (node: Nodes, parent: Parent | undefined) => boolean): void {
  const pending: [Nodes, Parent | undefined][] = [[tree, undefined]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [node, parent] = next;
    if (!enter(node, parent) || !('children' in node)) continue;
    for (let i = node.children.length - 1; i >= 0; i--) pending.push([node.children[i] as Nodes, node]);
  }
}

/** The text a reader sees in `node`: its own value or its descendants' values, in order. */
function visibleText(node: Nodes): string {
  let text = '';
  walkTree(node, (child) => {
    if ('value' in child && child.type !== 'html') text += child.value;
    return true;
  });
  return text;
}

const hasPosition = (node: Nodes): boolean =>
  node.position?.start.offset !== undefined && node.position.end.offset !== undefined;

const at = (start: number, end: number): NonNullable<Nodes['position']> => ({
  start: { line: 0, column: 0, offset: start },
  end: { line: 0, column: 0, offset: end },
});

/**
 * Positions for a run of unpositioned siblings spanning `text.slice(start, end)`: each node other than text
 * (a link) where its visible text is found, in order, with its one text child; the text nodes in between
 * become one text node for the stretch of source between them. Undefined when that does not work out.
 */
function locateRun(text: string, run: readonly Nodes[], start: number, end: number): Nodes[] | undefined {
  const located: Nodes[] = [];
  let cursor = start;
  let pending: string[] = [];
  const addText = (until: number): void => {
    if (until > cursor) located.push({ type: 'text', value: pending.join(''), position: at(cursor, until) });
    pending = [];
  };
  for (const node of run) {
    if (node.type === 'text') {
      pending.push(node.value);
      continue;
    }
    const visible = visibleText(node);
    const found = text.indexOf(visible, cursor);
    const children = 'children' in node ? node.children : [];
    const child = children[0];
    if (visible === '' || found === -1 || found + visible.length > end) return undefined;
    if (children.length > 1 || (child && child.type !== 'text')) return undefined;
    addText(found);
    node.position = at(found, found + visible.length);
    if (child) child.position = at(found, found + visible.length);
    located.push(node);
    cursor = found + visible.length;
  }
  addText(end);
  return located;
}

/**
 * Plugins may synthesise nodes without a source position (remark-gfm finds autolink literals such as
 * `"www.example.com"` in text after parsing and splits the text node into unpositioned pieces). Each run of
 * such siblings gets positions from the source between its positioned neighbours (see locateRun), or else
 * becomes one text node spanning that source, so the rest of the format reads it like any text.
 */
function positionOrphans(text: string, tree: Root): void {
  walkTree(tree, (node) => {
    if (!('children' in node) || node.children.every(hasPosition) || !hasPosition(node)) return true;
    const children: Nodes[] = [];
    let run: Nodes[] = [];
    const closeRun = (end: number): void => {
      if (run.length === 0) return;
      const previous = children.at(-1);
      const start = previous ? endOf(previous) : startOf(node);
      const value = run.map(visibleText).join('');
      children.push(
        ...(locateRun(text, run, start, end) ?? [{ type: 'text', value, position: at(start, end) }]),
      );
      run = [];
    };
    for (const child of node.children) {
      if (hasPosition(child)) {
        closeRun(startOf(child));
        children.push(child);
      } else run.push(child);
    }
    closeRun(endOf(node));
    (node as Parent).children = children as Parent['children'];
    return true;
  });
}

/**
 * The mdast of `text`, with every node positioned and every position offset an index into `text` itself.
 * micromark skips a leading byte-order mark and counts from after it, which would shift every splice by one.
 */
export function parseMarkdown(text: string, options: { frontMatter: boolean }): Root {
  const tree = (options.frontMatter ? withFrontMatter : withoutFrontMatter).parse(text);
  positionOrphans(text, tree);
  if (text.startsWith('\uFEFF')) {
    walkTree(tree, (node) => {
      if (node.position) {
        node.position.start.offset = (node.position.start.offset ?? 0) + 1;
        node.position.end.offset = (node.position.end.offset ?? 0) + 1;
      }
      return true;
    });
  }
  return tree;
}

function offset(node: Nodes, edge: 'start' | 'end'): number {
  const value = node.position?.[edge].offset;
  // parseMarkdown positions every node; one without would come from a tree built elsewhere.
  if (value === undefined) throw new Error(`Markdown ${node.type} node has no source position.`);
  return value;
}

export const startOf = (node: Nodes): number => offset(node, 'start');
export const endOf = (node: Nodes): number => offset(node, 'end');
