/**
 * The leaf blocks a Markdown line can start or end, recognised from the line alone (for blockLines.ts):
 * code fences, HTML blocks (CommonMark types 1-7), headings, thematic breaks and table rows.
 */

export type HtmlEnd = 'raw' | '-->' | '?>' | '>' | ']]>' | 'blank';
/** A leaf other than a paragraph that a line starts; `none` for one that also ends on that line. */
export type LeafStart =
  { kind: 'none' } | { kind: 'fence'; marker: string; size: number } | { kind: 'html'; end: HtmlEnd };

const NONE: LeafStart = { kind: 'none' };
const HTML_BLOCK_NAMES = new Set(
  (
    'address article aside base basefont blockquote body caption center col colgroup dd details dialog dir div ' +
    'dl dt fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hr html iframe ' +
    'legend li link main menu menuitem nav noframes ol optgroup option p param search section summary table ' +
    'tbody td tfoot th thead title tr track ul'
  ).split(' '),
);
const RAW_END = /<\/(?:pre|script|style|textarea)>/i;
const ATTRIBUTE = String.raw`[ \t]+[A-Za-z_:][\w.:-]*(?:[ \t]*=[ \t]*(?:[^ \t"'=<>\x60]+|'[^']*'|"[^"]*"))?`;
const COMPLETE_TAG = new RegExp(
  String.raw`^(?:<[A-Za-z][A-Za-z0-9-]*(?:${ATTRIBUTE})*[ \t]*/?>|</[A-Za-z][A-Za-z0-9-]*[ \t]*>)[ \t]*$`,
);
export const THEMATIC_BREAK = /^([-*_])(?:[ \t]*\1){2,}[ \t]*$/;

export function indentOf(text: string): number {
  let n = 0;
  while (text.charCodeAt(n) === 32) n++;
  return n;
}

/** The HTML block `text` starts, if any. */
export function htmlStart(text: string, interrupt: boolean, lazy: boolean): LeafStart | undefined {
  if (!text.startsWith('<')) return undefined;
  const until = (end: HtmlEnd, from: number): LeafStart =>
    text.includes(end, from) ? NONE : { kind: 'html', end };
  if (text.startsWith('<!--')) return until('-->', 2);
  if (text.startsWith('<?')) return until('?>', 1);
  if (text.startsWith('<![CDATA[')) return until(']]>', 9);
  if (/^<![A-Za-z]/.test(text)) return until('>', 2);
  const tag = /^<(\/?)([A-Za-z][A-Za-z0-9-]*)/.exec(text);
  if (!tag?.[2]) return undefined;
  const name = tag[2].toLowerCase();
  const after = text.slice(tag[0].length);
  if (!tag[1] && /^(?:pre|script|style|textarea)$/.test(name) && /^(?:[ \t>]|$)/.test(after)) {
    return RAW_END.test(after) ? NONE : { kind: 'html', end: 'raw' };
  }
  if (HTML_BLOCK_NAMES.has(name) && /^(?:[ \t>]|\/>|$)/.test(after)) return { kind: 'html', end: 'blank' };
  // micromark lets a lazy line's complete tag interrupt a paragraph, which CommonMark does not.
  return (!interrupt || lazy) && COMPLETE_TAG.test(text) ? { kind: 'html', end: 'blank' } : undefined;
}

/** The leaf other than a paragraph that `text` (indented at most 3) starts, if any. */
export function leafStart(text: string, interrupt: boolean, lazy: boolean): LeafStart | undefined {
  const fence = /^(`{3,}|~{3,})(.*)$/.exec(text);
  if (fence?.[1] && !(fence[1].startsWith('`') && fence[2]?.includes('`'))) {
    return { kind: 'fence', marker: fence[1].charAt(0), size: fence[1].length };
  }
  if (/^#{1,6}(?:[ \t]|$)/.test(text) || THEMATIC_BREAK.test(text)) return NONE;
  return htmlStart(text, interrupt, lazy);
}

export function fenceCloses(fence: { marker: string; size: number }, text: string): boolean {
  const closer = /^ {0,3}(`+|~+)[ \t]*$/.exec(text)?.[1];
  return closer?.charAt(0) === fence.marker && closer.length >= fence.size;
}

export function htmlEnds(end: HtmlEnd, text: string, blank: boolean): boolean {
  if (end === 'blank') return blank;
  return end === 'raw' ? RAW_END.test(text) : text.includes(end);
}

/** Cells of a table head row as micromark counts them; 0 when the line cannot be one. */
export function headCells(text: string): number {
  if (indentOf(text) > 3) return 0;
  const row = text.trim();
  let seen = !row.startsWith('|');
  let parts = seen ? 1 : 0;
  let cells = 0;
  for (let i = 0; i < row.length; i++) {
    if (row[i] === ' ' || row[i] === '\t') continue;
    parts++;
    if (seen) cells++;
    seen = row[i] === '|';
    if (seen) continue;
    let end = i;
    while (end < row.length && !'| \t'.includes(row.charAt(end))) {
      end += /^\\[\\|]/.test(row.slice(end, end + 2)) ? 2 : 1;
    }
    i = end - 1;
  }
  return parts > 1 ? cells : 0;
}

/** Cells of a table delimiter row (`| :-- | --: |`); 0 when the line is not one. */
export function delimiterCells(text: string): number {
  const row = /^ {0,3}(\|?)((?:[ \t]*:?-+:?[ \t]*\|)*[ \t]*:?-+:?[ \t]*\|?)[ \t]*$/.exec(text);
  if (!row?.[2] || (!row[1] && !/[|:]/.test(row[2]))) return 0;
  return row[2].split('|').filter((cell) => cell.includes('-')).length;
}
