import type { Nodes, Root } from 'mdast';
import { sourceText } from '../translation/tokens.js';
import type { ParsedDocument, TextFormat } from './format.js';
import { collectMarkdownDefinitions, markdownChunkBoundary } from './markdown/chunking.js';
import { normalizeLabel } from './markdown/definitionLines.js';
import type { BlockContext } from './markdown/escaping.js';
import { frontMatterRegions } from './markdown/frontMatter.js';
import { ParseMemo } from './markdown/parseMemo.js';
import { phrasingPieces, type PhrasingPieces } from './markdown/inlinePieces.js';
import { endOf, parseMarkdown, startOf, walkTree } from './markdown/syntaxTree.js';
import { writeTranslation } from './markdown/translationWriter.js';
import { hasLetters } from './pieceMatching.js';
import { spliceDocument } from './splice.js';
import type { SplicedRegion } from './splice.js';

export { TRANSLATED_FRONT_MATTER_KEYS } from './markdown/frontMatter.js';

/** What the block around a run of phrasing content lets its text do (see BlockContext). */
function blockContext(
  text: string,
  node: Nodes,
  phrasing: PhrasingPieces,
  definitions: ReadonlySet<string>,
): BlockContext {
  const { start, startsLine } = phrasing;
  if (node.type === 'paragraph') return { kind: 'paragraph', startsLine, singleLine: false, definitions };
  if (node.type === 'heading') {
    // An ATX heading's text follows its `#`s on one line; a setext heading's lines are like a paragraph's.
    const atx = /^[ \t]*#/.test(text.slice(startOf(node), start));
    return { kind: 'heading', startsLine: !atx && startsLine, singleLine: atx, definitions };
  }
  // A row's first cell without a leading pipe starts its line: a block marker there would end the table.
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  return {
    kind: 'tableCell',
    startsLine: !/\S/.test(text.slice(lineStart, start)),
    singleLine: true,
    definitions,
  };
}

/** Blocks whose content is phrasing (inline) content: each run of it is one segment. */
function phrasingRegion(
  text: string,
  node: Nodes,
  definitions: ReadonlySet<string>,
): SplicedRegion | undefined {
  if (node.type !== 'paragraph' && node.type !== 'heading' && node.type !== 'tableCell') return undefined;
  const first = node.children[0];
  const last = node.children.at(-1);
  if (!first || !last) return undefined;
  const phrasing = phrasingPieces(text, node.children, startOf(first), endOf(last));
  const { pieces, start, end } = phrasing;
  if (!hasLetters(pieces)) return undefined;
  const original = sourceText(pieces);
  const block = blockContext(text, node, phrasing, definitions);
  const write = (translation: string): string =>
    translation === original ? original : writeTranslation(translation, phrasing, block);
  return { start, end, pieces, write };
}

/** Normalised labels of the link reference definitions in `tree`. */
function definitionLabels(tree: Root): Set<string> {
  const labels = new Set<string>();
  walkTree(tree, (node) => {
    if (node.type === 'definition') labels.add(normalizeLabel(node.label ?? node.identifier));
    return !['paragraph', 'heading', 'table', 'code', 'html', 'definition'].includes(node.type);
  });
  return labels;
}

/** Segments in source order, for nodes inside [from, to) of `text`, with offsets made relative to `from`. */
function regionsOf(text: string, tree: Root, from: number, to: number): SplicedRegion[] {
  const regions: SplicedRegion[] = [];
  const definitions = definitionLabels(tree);
  walkTree(tree, (node) => {
    if (node.type === 'root') return true;
    if (endOf(node) > to || endOf(node) <= from) return false;
    if (node.type === 'yaml') {
      regions.push(...frontMatterRegions(text, startOf(node), endOf(node)));
      return false;
    }
    const region = phrasingRegion(text, node, definitions);
    if (region) regions.push(region);
    // Code, HTML blocks, definitions and thematic breaks have no children, so they are never entered.
    return !region;
  });
  return from === 0 ? regions : regions.map((r) => ({ ...r, start: r.start - from, end: r.end - from }));
}

/** A document of `source` as its part of a file (see FormatContext.chunk), parsed afresh. */
function parseDocument(source: string, firstPart: boolean, definitions: string): ParsedDocument {
  if (definitions === '') {
    const tree = parseMarkdown(source, { frontMatter: firstPart });
    return spliceDocument(source, regionsOf(source, tree, 0, source.length));
  }
  // A part's references must resolve against the whole file's definitions. The first part keeps its front
  // matter at the start, so they go after it; later parts get them in front, where an unclosed fence or
  // comment at the part's end cannot swallow them.
  if (firstPart) {
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
}

const memo = new ParseMemo();

/**
 * Markdown (CommonMark + GFM + YAML front matter). Human text of paragraphs, headings and table cells is
 * translated, with inline syntax (code, HTML, URLs, markers, escapes) protected; code blocks, HTML blocks,
 * definitions and front matter other than TRANSLATED_FRONT_MATTER_KEYS are kept byte for byte. Translations
 * are spliced in by source offsets, so untouched Markdown keeps its exact bytes.
 */
export const markdownFormat: TextFormat = {
  id: 'markdown',
  extensions: ['.md', '.markdown'],
  version: 2,
  editsByPosition: true,
  sameSegmentsForEveryTarget: true,

  parse(source, context) {
    const firstPart = (context.chunk?.index ?? 0) === 0;
    const definitions = context.chunk?.definitions ?? '';
    // Everything the document depends on: the source, the definitions and which part it is.
    const key = `${firstPart ? 'first' : 'later'} ${definitions.length} ${definitions}${source}`;
    return memo.take(key, () => parseDocument(source, firstPart, definitions));
  },

  chunkBoundary: markdownChunkBoundary,
  collectDefinitions: collectMarkdownDefinitions,
};
