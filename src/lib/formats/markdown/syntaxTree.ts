import type { Nodes, Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';

const withFrontMatter = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).freeze();
const withoutFrontMatter = unified().use(remarkParse).use(remarkGfm).freeze();

/**
 * The mdast of `text`, with every position offset an index into `text` itself. micromark skips a leading
 * byte-order mark and counts from after it, which would shift every splice by one character.
 */
export function parseMarkdown(text: string, options: { frontMatter: boolean }): Root {
  const tree = (options.frontMatter ? withFrontMatter : withoutFrontMatter).parse(text);
  if (text.startsWith('\uFEFF')) {
    visit(tree, (node) => {
      if (node.position) {
        node.position.start.offset = (node.position.start.offset ?? 0) + 1;
        node.position.end.offset = (node.position.end.offset ?? 0) + 1;
      }
    });
  }
  return tree;
}

function offset(node: Nodes, edge: 'start' | 'end'): number {
  const value = node.position?.[edge].offset;
  // The parser positions every node it creates; a node without one would mean a plugin synthesised it.
  if (value === undefined) throw new Error(`Markdown ${node.type} node has no source position.`);
  return value;
}

export const startOf = (node: Nodes): number => offset(node, 'start');
export const endOf = (node: Nodes): number => offset(node, 'end');
