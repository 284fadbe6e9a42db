import { decodeHTMLStrict } from 'entities';
import type { Image, ImageReference, Nodes, PhrasingContent } from 'mdast';
import type { Piece } from '../../translation/translator.js';
import { pushPiece } from '../pieceMatching.js';
import { endOf, startOf } from './syntaxTree.js';

const ESCAPE = /\\[!-/:-@[-`{-~]/y;
const CHARACTER_REFERENCE = /&(?:#\d{1,7}|#[xX][\da-fA-F]{1,6}|[A-Za-z][A-Za-z\d]{1,31});/y;

/**
 * Walks `raw` (source) against `value` (what the parser decoded from it). Escapes and character references
 * are kept as written; source characters the value lacks are block syntax (`>` of a blockquote, a list's
 * indentation on continuation lines) and are kept unless they are mere whitespace. Undefined when the two
 * cannot be lined up, so the caller keeps the whole stretch rather than risk damaging it.
 */
function alignedPieces(raw: string, value: string): Piece[] | undefined {
  const list: Piece[] = [];
  // Runs are collected and pushed whole: one piece per run, not one per character.
  let matched = '';
  let unmatched = '';
  const flush = (): void => {
    pushPiece(list, 'text', matched);
    pushPiece(list, /\S/.test(unmatched) ? 'keep' : 'text', unmatched);
    matched = '';
    unmatched = '';
  };
  const keep = (written: string): void => {
    flush();
    pushPiece(list, 'keep', written);
  };
  let i = 0;
  let j = 0;
  while (i < raw.length) {
    ESCAPE.lastIndex = i;
    if (ESCAPE.test(raw) && value[j] === raw[i + 1]) {
      keep(raw.slice(i, i + 2));
      i += 2;
      j += 1;
      continue;
    }
    CHARACTER_REFERENCE.lastIndex = i;
    const reference = CHARACTER_REFERENCE.exec(raw)?.[0];
    const decoded = reference === undefined ? '' : decodeHTMLStrict(reference);
    if (reference !== undefined && decoded !== reference && value.startsWith(decoded, j)) {
      keep(reference);
      i += reference.length;
      j += decoded.length;
      continue;
    }
    if (raw[i] === value[j]) {
      if (unmatched !== '') flush();
      matched += raw.charAt(i);
      j += 1;
    } else {
      if (matched !== '') flush();
      unmatched += raw.charAt(i);
    }
    i += 1;
  }
  flush();
  return j === value.length ? list : undefined;
}

/** Appends `pieces`, merging neighbours of the same kind (this module never makes `term` pieces). */
function appendPieces(list: Piece[], pieces: readonly Piece[]): void {
  for (const piece of pieces) if (piece.kind !== 'term') pushPiece(list, piece.kind, piece.text);
}

/** Index of the `]` closing a label that starts at `from`, or -1. */
function closingBracket(source: string, from: number, limit: number): number {
  let depth = 1;
  for (let i = from; i < limit; i++) {
    const ch = source[i];
    if (ch === '\\') i++;
    else if (ch === '[') depth++;
    else if (ch === ']' && --depth === 0) return i;
  }
  return -1;
}

function addAligned(list: Piece[], raw: string, value: string): void {
  const pieces = alignedPieces(raw, value);
  if (pieces) appendPieces(list, pieces);
  else pushPiece(list, 'keep', raw);
}

/** Link text and emphasis content are translated; the syntax around them is kept. */
function addWrapped(list: Piece[], source: string, node: Nodes & { children: PhrasingContent[] }): void {
  const first = node.children[0];
  const last = node.children.at(-1);
  if (!first || !last) {
    pushPiece(list, 'keep', source.slice(startOf(node), endOf(node)));
    return;
  }
  pushPiece(list, 'keep', source.slice(startOf(node), startOf(first)));
  addChildren(list, source, node.children, startOf(first), endOf(last));
  pushPiece(list, 'keep', source.slice(endOf(last), endOf(node)));
}

/** The alt text is translated; `![`, `](src "title")` and `][label]` are kept. */
function addImage(list: Piece[], source: string, node: Image | ImageReference): void {
  const start = startOf(node);
  const end = endOf(node);
  const altEnd = source.startsWith('![', start) ? closingBracket(source, start + 2, end) : -1;
  if (altEnd < 0) {
    pushPiece(list, 'keep', source.slice(start, end));
    return;
  }
  pushPiece(list, 'keep', source.slice(start, start + 2));
  addAligned(list, source.slice(start + 2, altEnd), node.alt ?? '');
  pushPiece(list, 'keep', source.slice(altEnd, end));
}

function addNode(list: Piece[], source: string, node: PhrasingContent): void {
  const raw = source.slice(startOf(node), endOf(node));
  switch (node.type) {
    case 'text':
      addAligned(list, raw, node.value);
      return;
    case 'emphasis':
    case 'strong':
    case 'delete':
      addWrapped(list, source, node);
      return;
    // Autolinks (`<https://…>`) and bare URLs have no brackets: the visible text is the address itself.
    case 'link':
      if (raw.startsWith('[')) addWrapped(list, source, node);
      else pushPiece(list, 'keep', raw);
      return;
    // `[text]` and `[text][]` find their definition by their text: translating it would break the link.
    case 'linkReference':
      if (node.referenceType === 'full') addWrapped(list, source, node);
      else pushPiece(list, 'keep', raw);
      return;
    case 'image':
      addImage(list, source, node);
      return;
    case 'imageReference':
      if (node.referenceType === 'full') addImage(list, source, node);
      else pushPiece(list, 'keep', raw);
      return;
    default:
      // Inline code, inline HTML, footnote references, hard breaks.
      pushPiece(list, 'keep', raw);
  }
}

/** Between siblings lie only line prefixes and indentation: whitespace reads as text, markers are kept. */
function addChildren(
  list: Piece[],
  source: string,
  children: readonly PhrasingContent[],
  start: number,
  end: number,
): void {
  let cursor = start;
  for (const child of children) {
    const gap = source.slice(cursor, startOf(child));
    pushPiece(list, /\S/.test(gap) ? 'keep' : 'text', gap);
    addNode(list, source, child);
    cursor = endOf(child);
  }
  const tail = source.slice(cursor, end);
  pushPiece(list, /\S/.test(tail) ? 'keep' : 'text', tail);
}

/**
 * Markers some renderers read at the start of a paragraph's line, though CommonMark sees text: GitHub
 * alerts (`> [!NOTE]`) and container directives (`:::tip`, `:::`). Translated, they stop working.
 */
const LINE_MARKER = /\[![A-Za-z]+\]|:::+[\w-]*/g;

function protectLineMarkers(pieces: readonly Piece[]): Piece[] {
  const list: Piece[] = [];
  let atLineStart = true;
  for (const piece of pieces) {
    if (piece.kind === 'text') {
      let cursor = 0;
      for (const marker of piece.text.matchAll(LINE_MARKER)) {
        const lineStart = piece.text.lastIndexOf('\n', marker.index - 1) + 1;
        if (/\S/.test(piece.text.slice(lineStart, marker.index)) || (lineStart === 0 && !atLineStart))
          continue;
        pushPiece(list, 'text', piece.text.slice(cursor, marker.index));
        pushPiece(list, 'keep', marker[0]);
        cursor = marker.index + marker[0].length;
      }
      pushPiece(list, 'text', piece.text.slice(cursor));
    } else {
      appendPieces(list, [piece]);
    }
    atLineStart =
      piece.text.endsWith('\n') || (atLineStart && piece.kind === 'keep' && /^[ \t>]*$/.test(piece.text));
  }
  return list;
}

/** The pieces of `source.slice(start, end)`, a block's run of phrasing content. */
export function phrasingPieces(
  source: string,
  children: readonly PhrasingContent[],
  start: number,
  end: number,
): Piece[] {
  const list: Piece[] = [];
  addChildren(list, source, children, start, end);
  return protectLineMarkers(list);
}
