/**
 * Markdown: two independent CommonMark parsers, markdown-it (with GFM tables and strikethrough) and
 * commonmark.js, each reduce source and output to a skeleton (node types and nesting, list and heading
 * markup, link and image destinations, code and HTML contents; text as a marker). The skeletons must match;
 * code, URLs and e-mail addresses must survive; text runs measure coverage.
 */
import { Parser, type Node } from 'commonmark';
import MarkdownIt from 'markdown-it';
import { sumCoverage, unitCoverage } from '../coverage.js';
import { PROSE_KINDS, protectedDifference } from '../placeholders.js';
import { accepted, DEFAULT_TARGET, firstDifference, rejected, type Judge } from './judge.js';

type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];

const markdownIt = new MarkdownIt('default', { html: true });
const commonmark = new Parser();

interface Reading {
  structure: string[];
  /** Code, raw HTML and destinations, in order: protected content. */
  literals: string[];
}

/** Skeleton per markdown-it token; consecutive text tokens collapse into one marker. */
function markdownItSkeleton(tokens: readonly Token[], texts: string[], literals: string[]): string[] {
  const out: string[] = [];
  for (const token of tokens) {
    if (token.type === 'text') {
      // Text is not structure: a translation may put text where the source had none (word order, markers).
      texts.push(token.content);
      continue;
    }
    for (const [name, value] of token.attrs ?? []) {
      if (name === 'href' || name === 'src') literals.push(`${name}=${value}`);
    }
    if (['code_inline', 'code_block', 'fence', 'html_block', 'html_inline'].includes(token.type)) {
      literals.push(`${token.type}: ${token.content}`);
    }
    const start = token.attrGet('start');
    out.push(
      `${token.type}${token.markup ? `(${token.markup})` : ''}${token.info ? `[${token.info}]` : ''}${start ? ` start=${start}` : ''}`,
    );
    if (token.children) out.push(...markdownItSkeleton(token.children, texts, literals));
  }
  return out;
}

function commonmarkSkeleton(root: Node, literals: string[]): string[] {
  const out: string[] = [];
  const walker = root.walker();
  for (let event = walker.next(); event; event = walker.next()) {
    const { node, entering } = event;
    if (node.type === 'text') continue;
    if (!entering) {
      if (node.isContainer) out.push(`/${node.type}`);
      continue;
    }
    const details = [
      node.level ? `h${node.level}` : '',
      node.listType
        ? `${node.listType}${node.listStart ?? ''}${node.listDelimiter ?? ''}${node.listTight ? ' tight' : ''}`
        : '',
      node.info ? `[${node.info}]` : '',
    ].join('');
    if (node.destination !== null && node.destination !== undefined)
      literals.push(`destination=${node.destination}`);
    if (['code', 'code_block', 'html_block', 'html_inline'].includes(node.type))
      literals.push(`${node.type}: ${node.literal}`);
    out.push(`${node.type}${details}`);
  }
  return out;
}

function read(text: string): { readings: [Reading, Reading]; texts: string } {
  const texts: string[] = [];
  const first: Reading = { structure: [], literals: [] };
  first.structure = markdownItSkeleton(markdownIt.parse(text, {}), texts, first.literals);
  const second: Reading = { structure: [], literals: [] };
  second.structure = commonmarkSkeleton(commonmark.parse(text), second.literals);
  return { readings: [first, second], texts: texts.join('\n') };
}

export const markdownJudge: Judge = {
  targetLanguage: () => DEFAULT_TARGET,
  // Every text is a CommonMark document: the parsers reject nothing, so each input is accepted.
  validate: () => Promise.resolve(accepted),
  compare(input, output, language) {
    const before = read(input.text);
    const after = read(output);
    const differences: string[] = [];
    const damage: string[] = [];
    (['markdown-it', 'commonmark.js'] as const).forEach((name, i) => {
      const structure = firstDifference(before.readings[i]!.structure, after.readings[i]!.structure);
      if (structure) differences.push(`${name} structure differs ${structure}`);
      const literals = firstDifference(before.readings[i]!.literals, after.readings[i]!.literals);
      if (literals) damage.push(`${name}: code, HTML or destination changed ${literals}`);
    });
    const addresses = protectedDifference(before.texts, after.texts, PROSE_KINDS);
    if (addresses) damage.push(`URLs or e-mail addresses in text: ${addresses}`);
    return Promise.resolve({
      valid: differences.length === 0 ? accepted : rejected(differences.join('; ')),
      damage,
      coverage: sumCoverage([unitCoverage(before.texts, after.texts, language, PROSE_KINDS)]),
    });
  },
};
