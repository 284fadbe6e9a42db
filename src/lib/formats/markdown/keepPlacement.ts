import { flanking, type OutputPart } from './escaping.js';
import type { PhrasingPieces } from './inlinePieces.js';

/** Every index where `part` starts in `text`, overlapping ones included. */
function occurrences(text: string, part: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(part); at !== -1; at = text.indexOf(part, at + 1)) found.push(at);
  return found;
}

/**
 * Whether an emphasis delimiter kept at the end (`opens`) or start (`closes`) of `keep` would still work
 * placed at `at` of `translation`: `_` inside `foo_bar`, or `*` before a space, would not. Flanking is a
 * property of the whole run of the character around it, translated neighbours included.
 */
function delimiterWorks(translation: string, keep: string, at: number, side: 'opens' | 'closes'): boolean {
  const edge = side === 'opens' ? at + keep.length - 1 : at;
  const char = translation.charAt(edge);
  let first = edge;
  let last = edge;
  while (translation[first - 1] === char) first--;
  while (translation[last + 1] === char) last++;
  return flanking(char, translation[first - 1], translation[last + 1])[side];
}

/**
 * The keep pieces' places in `translation`, in source order, or undefined when they are not all there in
 * that order. Markdown's keep pieces are often one character (`*`, `[`), which translated text can contain
 * too (`[es: …]`, `5 * 3`): an emphasis delimiter only counts where it can still open or close, and as
 * openers hug the text they open and closers the text they close, an opener (of emphasis or of a label) is
 * taken as late and everything else as early as the pieces after it still allow.
 */
function placeInOrder(
  translation: string,
  phrasing: PhrasingPieces,
  keeps: readonly number[],
  strict: boolean,
): number[] | undefined {
  const candidates = keeps.map((index) => {
    const text = phrasing.pieces[index]?.text ?? '';
    const syntax = phrasing.syntax[index];
    const all = occurrences(translation, text);
    if (!strict) return all;
    return all.filter(
      (at) =>
        !(syntax?.opensEmphasis && !delimiterWorks(translation, text, at, 'opens')) &&
        !(syntax?.closesEmphasis && !delimiterWorks(translation, text, at, 'closes')),
    );
  });
  const lengths = keeps.map((index) => phrasing.pieces[index]?.text.length ?? 0);
  // The latest place each piece can take with all later pieces still fitting after it.
  const latest: number[] = [];
  let limit = translation.length;
  for (let k = keeps.length - 1; k >= 0; k--) {
    const fitting = (candidates[k] ?? []).filter((at) => at + (lengths[k] ?? 0) <= limit);
    const last = fitting.at(-1);
    if (last === undefined) return undefined;
    latest[k] = last;
    limit = last;
  }
  const places: number[] = [];
  let cursor = 0;
  let depth = 0;
  for (let k = 0; k < keeps.length; k++) {
    const syntax = phrasing.syntax[keeps[k] ?? -1];
    const opens = syntax?.opensEmphasis === true || (syntax?.linkDepth ?? 0) > depth;
    depth = syntax?.linkDepth ?? depth;
    const window = (candidates[k] ?? []).filter((at) => at >= cursor && at <= (latest[k] ?? -1));
    const at = opens ? window.at(-1) : window[0];
    if (at === undefined) return undefined;
    places.push(at);
    cursor = at + (lengths[k] ?? 0);
  }
  return places;
}

/**
 * The translation cut into translated text and the segment's keep pieces. Pieces found in source order are
 * placed as placeInOrder says; a translation that reordered them falls back to `byContent`.
 */
export function placeKeeps(
  translation: string,
  phrasing: PhrasingPieces,
  byContent: () => OutputPart[],
): OutputPart[] {
  const keeps = phrasing.pieces.flatMap((piece, index) => (piece.kind === 'keep' ? [index] : []));
  const places =
    placeInOrder(translation, phrasing, keeps, true) ?? placeInOrder(translation, phrasing, keeps, false);
  if (!places) return byContent();
  const parts: OutputPart[] = [];
  let cursor = 0;
  keeps.forEach((index, k) => {
    const at = places[k] ?? cursor;
    const piece = phrasing.pieces[index];
    const syntax = phrasing.syntax[index];
    parts.push({ kind: 'text', text: translation.slice(cursor, at) });
    parts.push({ kind: 'keep', text: piece?.text ?? '', ...(syntax && { syntax }) });
    cursor = at + (piece?.text.length ?? 0);
  });
  parts.push({ kind: 'text', text: translation.slice(cursor) });
  return parts;
}
