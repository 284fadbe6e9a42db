import { Parser as CommonmarkParser } from 'commonmark';
import MarkdownIt from 'markdown-it';

/**
 * Independent judges of Markdown structure: markdown-it (CommonMark + GFM tables and strikethrough, HTML on)
 * and commonmark.js (the reference implementation). A skeleton lists what a translation must not change:
 * node types and nesting, link and image destinations, heading levels, list kinds, code and HTML contents.
 * Text, soft breaks and escapes are left out, since translating changes them.
 */
const markdownIt = new MarkdownIt({ html: true });
const commonmark = new CommonmarkParser();

const CONTENT_TOKENS = new Set(['code_inline', 'code_block', 'fence', 'html_block', 'html_inline']);
const TEXT_TOKENS = new Set(['text', 'text_special', 'softbreak']);

type Token = ReturnType<typeof markdownIt.parse>[number];

export function markdownItSkeleton(markdown: string): string[] {
  const skeleton: string[] = [];
  const pending: Token[] = markdownIt.parse(markdown, {}).reverse();
  for (let token = pending.pop(); token; token = pending.pop()) {
    if (TEXT_TOKENS.has(token.type)) continue;
    if (token.type === 'inline') {
      pending.push(...[...(token.children ?? [])].reverse());
      continue;
    }
    const attributes = ['href', 'src', 'style'].map((name) => `${name}=${token.attrGet(name) ?? ''}`);
    const content = CONTENT_TOKENS.has(token.type) ? JSON.stringify([token.content, token.info]) : '';
    skeleton.push(`${token.type} ${token.tag} ${token.nesting} ${attributes.join(' ')} ${content}`);
  }
  return skeleton;
}

export function commonmarkSkeleton(markdown: string): string[] {
  const skeleton: string[] = [];
  const walker = commonmark.parse(markdown).walker();
  for (let event = walker.next(); event; event = walker.next()) {
    const { node, entering } = event;
    if (node.type === 'text' || node.type === 'softbreak') continue;
    const details = entering
      ? [node.destination, node.level, node.listType, node.listStart, node.listTight, node.info, node.literal]
      : [];
    skeleton.push(`${entering ? '+' : '-'}${node.type} ${JSON.stringify(details)}`);
  }
  return skeleton;
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
