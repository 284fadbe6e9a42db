import { rebuildTranslation } from '../pieceMatching.js';
import { escapeTranslation, type BlockContext, type OutputPart } from './escaping.js';
import type { PhrasingPieces } from './inlinePieces.js';
import { placeKeeps } from './keepPlacement.js';

/** The translation cut into translated text and keep pieces wherever their content is found first. */
function partsByContent(translation: string, phrasing: PhrasingPieces): OutputPart[] {
  const parts: OutputPart[] = [];
  rebuildTranslation(translation, phrasing.pieces, {
    text(gap) {
      parts.push({ kind: 'text', text: gap });
      return gap;
    },
    keep(index) {
      const syntax = phrasing.syntax[index];
      parts.push({ kind: 'keep', text: phrasing.pieces[index]?.text ?? '', ...(syntax && { syntax }) });
      return '';
    },
  });
  return parts;
}

/**
 * A block quote's `>` kept from a continuation line must start a line: if the translation moved its token
 * into a line, a line break goes before it; at the very start it is dropped (the line is the block's first,
 * whose marker lies before the segment).
 */
function placeLinePrefixes(parts: readonly OutputPart[], newline: string): OutputPart[] {
  const placed: OutputPart[] = [];
  let written = '';
  for (const part of parts) {
    if (part.kind === 'keep' && part.syntax?.linePrefix && !written.endsWith('\n')) {
      if (!/\S/.test(written)) continue;
      const last = placed.at(-1);
      if (last?.kind === 'text') placed[placed.length - 1] = { ...last, text: last.text + newline };
      else placed.push({ kind: 'text', text: newline });
      written += newline;
    }
    placed.push(part);
    written += part.text;
  }
  return placed;
}

/**
 * Whitespace a translation may add that Markdown reads as structure: a line break in a heading or table cell
 * (spaces instead), a blank line in a paragraph (it would split it), spaces before a line break (a hard
 * break), blank edges of the segment and inside emphasis (`* text*` is not emphasis).
 */
function normalizeWhitespace(parts: readonly OutputPart[], block: BlockContext): OutputPart[] {
  return parts.map((part, index) => {
    if (part.kind !== 'text') return part;
    let text = block.singleLine
      ? part.text.replace(/[ \t]*(?:\r?\n[ \t]*)+/g, ' ')
      : part.text.replace(/[ \t]*(\r?\n)(?:[ \t]*\r?\n)+/g, '$1').replace(/[ \t]+(?=\r?\n)/g, '');
    if (index === 0 || parts[index - 1]?.syntax?.opensEmphasis) text = text.trimStart();
    if (index === parts.length - 1 || parts[index + 1]?.syntax?.closesEmphasis) text = text.trimEnd();
    return { ...part, text };
  });
}

/**
 * The Markdown that takes a segment's place: the translation with the segment's keep pieces as they were
 * written and its text escaped where Markdown would read syntax the source did not have.
 */
export function writeTranslation(translation: string, phrasing: PhrasingPieces, block: BlockContext): string {
  const newline = translation.includes('\r\n') ? '\r\n' : '\n';
  const parts = placeKeeps(translation, phrasing, () => partsByContent(translation, phrasing));
  return escapeTranslation(normalizeWhitespace(placeLinePrefixes(parts, newline), block), block);
}
