import type { Nodes, Root } from 'mdast';
import { SKIP, visit } from 'unist-util-visit';
import type { TextFormat } from './format.js';
import { collectMarkdownDefinitions, markdownChunkBoundary } from './markdown/chunking.js';
import { frontMatterRegions } from './markdown/frontMatter.js';
import { phrasingPieces } from './markdown/inlinePieces.js';
import { endOf, parseMarkdown, startOf } from './markdown/syntaxTree.js';
import { hasLetters } from './pieceMatching.js';
import { spliceDocument } from './splice.js';
import type { SplicedRegion } from './splice.js';

export { TRANSLATED_FRONT_MATTER_KEYS } from './markdown/frontMatter.js';

/** Blocks whose content is phrasing (inline) content: each run of it is one segment. */
function phrasingRegion(text: string, node: Nodes): SplicedRegion | undefined {
  if (node.type !== 'paragraph' && node.type !== 'heading' && node.type !== 'tableCell') return undefined;
  const first = node.children[0];
  const last = node.children.at(-1);
  if (!first || !last) return undefined;
  const start = startOf(first);
  const end = endOf(last);
  const pieces = phrasingPieces(text, node.children, start, end);
  return hasLetters(pieces) ? { start, end, pieces } : undefined;
}

/** Segments in source order, for nodes inside [from, to) of `text`, with offsets made relative to `from`. */
function regionsOf(text: string, tree: Root, from: number, to: number): SplicedRegion[] {
  const regions: SplicedRegion[] = [];
  visit(tree, (node) => {
    if (node.type === 'root') return undefined;
    if (endOf(node) > to || endOf(node) <= from) return SKIP;
    if (node.type === 'yaml') {
      regions.push(...frontMatterRegions(text, startOf(node), endOf(node)));
      return SKIP;
    }
    const region = phrasingRegion(text, node);
    if (region) regions.push(region);
    // Code, HTML blocks, definitions and thematic breaks have no children, so they are never entered.
    return region ? SKIP : undefined;
  });
  return from === 0 ? regions : regions.map((r) => ({ ...r, start: r.start - from, end: r.end - from }));
}

/**
 * Markdown (CommonMark + GFM + YAML front matter). Human text of paragraphs, headings and table cells is
 * translated, with inline syntax (code, HTML, URLs, markers, escapes) protected; code blocks, HTML blocks,
 * definitions and front matter other than TRANSLATED_FRONT_MATTER_KEYS are kept byte for byte. Translations
 * are spliced in by source offsets, so untouched Markdown keeps its exact bytes.
 */
export const markdownFormat: TextFormat = {
  id: 'markdown',
  extensions: ['.md', '.markdown'],
  version: 1,

  parse(source, context) {
    const chunk = context.chunk;
    const definitions = chunk?.definitions ?? '';
    if (definitions === '') {
      const tree = parseMarkdown(source, { frontMatter: (chunk?.index ?? 0) === 0 });
      return spliceDocument(source, regionsOf(source, tree, 0, source.length));
    }
    // A part's references must resolve against the whole file's definitions. The first part keeps its front
    // matter at the start, so they go after it; later parts get them in front, where an unclosed fence or
    // comment at the part's end cannot swallow them.
    if (chunk?.index === 0) {
      const text = `${source}\n\n${definitions}`;
      return spliceDocument(
        source,
        regionsOf(text, parseMarkdown(text, { frontMatter: true }), 0, source.length),
      );
    }
    const prefix = `${definitions}\n\n`;
    const text = prefix + source;
    const tree = parseMarkdown(text, { frontMatter: false });
    return spliceDocument(source, regionsOf(text, tree, prefix.length, text.length));
  },

  chunkBoundary: markdownChunkBoundary,
  collectDefinitions: collectMarkdownDefinitions,
};
