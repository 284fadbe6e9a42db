import type { Definition, FootnoteDefinition, RootContent } from 'mdast';
import { visit } from 'unist-util-visit';
import { endOf, parseMarkdown, startOf } from '../../../../src/lib/formats/markdown/syntaxTree.js';

/**
 * The parser-based chunking the line scanner in src/lib/formats/markdown/chunking.ts replaced, kept as the
 * reference the scanner is checked against: what it decides from the parse tree is right by construction.
 */

const BLANK_LINE = /\n[ \t]*\r?\n/;

/**
 * Every place the parse tree allows a cut: the start of a top-level block (or item of a top-level list) that
 * follows a blank line, so nothing before it can still claim its lines and both sides parse as in the whole.
 */
export function oracleCuts(text: string): number[] {
  const tree = parseMarkdown(text, { frontMatter: true });
  const cuts = new Set<number>();
  const consider = (siblings: readonly RootContent[]): void => {
    for (let k = 1; k < siblings.length; k++) {
      const before = siblings[k - 1];
      const after = siblings[k];
      if (!before || !after) continue;
      const lineStart = text.lastIndexOf('\n', startOf(after) - 1) + 1;
      if (BLANK_LINE.test(text.slice(endOf(before), lineStart))) cuts.add(lineStart);
    }
  };
  consider(tree.children);
  for (const child of tree.children) if (child.type === 'list') consider(child.children);
  return [...cuts].sort((a, b) => a - b);
}

/** The last of oracleCuts, 0 when there is none: what chunkBoundary returned before the scanner. */
export const oracleChunkBoundary = (text: string): number => oracleCuts(text).at(-1) ?? 0;

const escapeDestination = (url: string): string => url.replace(/[\\<>&]/g, '\\$&');
const escapeTitle = (title: string): string => title.replace(/[\\"&]/g, '\\$&');
const labelOf = (node: Definition | FootnoteDefinition): string =>
  (node.label ?? node.identifier).replace(/\s+/g, ' ');

function definitionLine(node: Definition): string {
  const title = node.title == null ? '' : ` "${escapeTitle(node.title)}"`;
  return `[${labelOf(node)}]: <${escapeDestination(node.url)}>${title}`;
}

/** Every link reference definition and footnote label in `text`, first of a label winning, from the tree. */
export function oracleDefinitions(text: string): string {
  const links = new Map<string, string>();
  const footnotes = new Map<string, string>();
  visit(parseMarkdown(text, { frontMatter: true }), (node) => {
    if (node.type === 'definition' && !links.has(node.identifier)) {
      links.set(node.identifier, definitionLine(node));
    } else if (node.type === 'footnoteDefinition' && !footnotes.has(node.identifier)) {
      footnotes.set(node.identifier, `[^${labelOf(node)}]:`);
    }
  });
  const linkLines = [...links.values()].join('\n');
  return [...(linkLines === '' ? [] : [linkLines]), ...footnotes.values()].join('\n\n');
}
