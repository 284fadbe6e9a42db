import { Parser } from 'htmlparser2';
import { isTranslatableBy, UNTRANSLATED_CONTENT } from '../htmlElements.js';

/** Elements without content: a start tag of one of them never waits for an end tag. */
const VOID = new Set(
  'area base br col embed hr img input keygen link meta param source track wbr'.split(' '),
);
const END_TAG = /^<\/([A-Za-z][A-Za-z\d-]*)[ \t\n]*>$/;
const START_TAG = /^<([A-Za-z][A-Za-z\d-]*)/;

/** What one inline HTML node of Markdown (one tag, a comment, a declaration) does to the text after it. */
export type InlineTag =
  { kind: 'start'; name: string; keepsContent: boolean } | { kind: 'end'; name: string } | { kind: 'other' };

function attributesOf(tag: string): Record<string, string> {
  let attributes: Record<string, string> = {};
  const parser = new Parser({ onopentag: (_name, found) => (attributes = found) });
  parser.end(tag);
  return attributes;
}

/**
 * Reads an inline HTML node. A start tag keeps its content when the element holds code or data (`<code>`,
 * `<kbd>`, `<samp>`, `<var>`, `<pre>` …) or is marked translate="no" or class="notranslate", as in HTML pages.
 */
export function readInlineTag(html: string): InlineTag {
  const end = END_TAG.exec(html);
  if (end?.[1]) return { kind: 'end', name: end[1].toLowerCase() };
  const start = START_TAG.exec(html);
  if (!start?.[1] || html.endsWith('/>')) return { kind: 'other' };
  const name = start[1].toLowerCase();
  if (VOID.has(name)) return { kind: 'other' };
  const attributes = attributesOf(html);
  const keepsContent = UNTRANSLATED_CONTENT.has(name) || !isTranslatableBy((key) => attributes[key]);
  return { kind: 'start', name, keepsContent };
}

/**
 * Index of the node closing the element `name` opened at `from` (of `count` sibling nodes, `tagAt` reading
 * the inline HTML ones), counting nested elements of the same name; the last index when it is never closed
 * (HTML then closes it at the end of its block).
 */
export function closingIndex(
  tagAt: (index: number) => InlineTag | undefined,
  from: number,
  count: number,
  name: string,
): number {
  let depth = 0;
  for (let i = from; i < count; i++) {
    const tag = tagAt(i);
    if (tag?.kind === 'start' && tag.name === name) depth++;
    else if (tag?.kind === 'end' && tag.name === name && --depth === 0) return i;
  }
  return count - 1;
}
