/**
 * Two independent CommonMark readers, markdown-it (CommonMark + GFM tables and strikethrough, HTML on) and
 * commonmark.js (the reference implementation), each reducing a document to what a translation must not
 * change. Used by the conformance suite's Markdown judge and by the format's own tests.
 *
 * - structure: node types and nesting, heading levels, list kinds and tightness, fence info;
 * - literals: code and HTML contents, link and image destinations (and markdown-it's `style`), in order;
 * - texts: the text runs, which translating changes. Text, soft breaks and escapes are not structure: a
 *   translation may reflow text, and an escape (`\*`) reads as the character it escapes.
 */
import { Parser as CommonmarkParser } from 'commonmark';
import MarkdownIt from 'markdown-it';

export interface MarkdownReading {
  structure: string[];
  literals: string[];
  texts: string[];
}

const markdownIt = new MarkdownIt({ html: true });
const commonmark = new CommonmarkParser();

const CONTENT_TOKENS = new Set(['code_inline', 'code_block', 'fence', 'html_block', 'html_inline']);
const TEXT_TOKENS = new Set(['text', 'text_special', 'softbreak']);
const CONTENT_NODES = new Set(['code', 'code_block', 'html_block', 'html_inline']);

type Token = ReturnType<typeof markdownIt.parse>[number];

export function markdownItReading(markdown: string): MarkdownReading {
  const reading: MarkdownReading = { structure: [], literals: [], texts: [] };
  // Iterative: a document nested thousands deep must not exhaust the judge's stack.
  const pending: Token[] = markdownIt.parse(markdown, {}).reverse();
  for (let token = pending.pop(); token; token = pending.pop()) {
    if (TEXT_TOKENS.has(token.type)) {
      if (token.type !== 'softbreak') reading.texts.push(token.content);
      continue;
    }
    if (token.type === 'inline') {
      pending.push(...[...(token.children ?? [])].reverse());
      continue;
    }
    for (const name of ['href', 'src', 'style']) {
      const value = token.attrGet(name);
      if (value !== null) reading.literals.push(`${name}=${value}`);
    }
    if (CONTENT_TOKENS.has(token.type)) reading.literals.push(`${token.type}: ${token.content}`);
    const start = token.attrGet('start');
    reading.structure.push(
      `${token.type} ${token.tag} ${token.nesting}${token.markup ? ` (${token.markup})` : ''}${token.info ? ` [${token.info}]` : ''}${start ? ` start=${start}` : ''}`,
    );
  }
  return reading;
}

export function commonmarkReading(markdown: string): MarkdownReading {
  const reading: MarkdownReading = { structure: [], literals: [], texts: [] };
  const walker = commonmark.parse(markdown).walker();
  for (let event = walker.next(); event; event = walker.next()) {
    const { node, entering } = event;
    if (node.type === 'text') {
      if (entering) reading.texts.push(node.literal ?? '');
      continue;
    }
    if (node.type === 'softbreak') continue;
    if (!entering) {
      reading.structure.push(`-${node.type}`);
      continue;
    }
    const details = [
      node.level,
      node.listType,
      node.listStart,
      node.listDelimiter,
      node.listTight,
      node.info,
    ];
    reading.structure.push(`+${node.type} ${JSON.stringify(details)}`);
    if (node.destination !== null && node.destination !== undefined)
      reading.literals.push(`destination=${node.destination}`);
    if (CONTENT_NODES.has(node.type)) reading.literals.push(`${node.type}: ${node.literal}`);
  }
  return reading;
}

/** The text a reader sees (commonmark.js): escapes resolved, so `\*` reads `*`. */
export function visibleText(markdown: string): string {
  let text = '';
  const walker = commonmark.parse(markdown).walker();
  for (let event = walker.next(); event; event = walker.next()) {
    const { node, entering } = event;
    if (entering && node.type === 'text') text += node.literal ?? '';
    if (entering && (node.type === 'softbreak' || node.type === 'linebreak')) text += '\n';
  }
  return text;
}
