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
  // Sorted places each piece could take; pieces alike share one list (thousands of `*` in a long paragraph).
  const lists = new Map<string, number[]>();
  const candidates = keeps.map((index) => {
    const text = phrasing.pieces[index]?.text ?? '';
    const opens = strict && phrasing.syntax[index]?.opensEmphasis === true;
    const closes = strict && phrasing.syntax[index]?.closesEmphasis === true;
    const key = `${opens}${closes}${text}`;
    let list = lists.get(key);
    if (!list) {
      list = occurrences(translation, text).filter(
        (at) =>
          (!opens || delimiterWorks(translation, text, at, 'opens')) &&
          (!closes || delimiterWorks(translation, text, at, 'closes')),
      );
      lists.set(key, list);
    }
    return list;
  });
  const lengths = keeps.map((index) => phrasing.pieces[index]?.text.length ?? 0);
  // The latest place each piece can take with all later pieces still fitting after it.
  const latest: number[] = [];
  let limit = translation.length;
  for (let k = keeps.length - 1; k >= 0; k--) {
    const last = lastAtMost(candidates[k] ?? [], limit - (lengths[k] ?? 0));
    if (last === undefined) return undefined;
    latest[k] = last;
    limit = last;
  }
  const places: number[] = [];
  let cursor = 0;
  let depth = 0;
  for (let k = 0; k < keeps.length; k++) {
    const syntax = phrasing.syntax[keeps[k] ?? -1];
    const opensLabel = (syntax?.linkDepth ?? 0) > depth;
    const opens = syntax?.opensEmphasis === true;
    depth = syntax?.linkDepth ?? depth;
    const list = candidates[k] ?? [];
    const at = opensLabel
      ? labelOpener(translation, list, cursor, latest[k] ?? -1, candidates[k + 1])
      : opens
        ? lastAtMost(list, latest[k] ?? -1)
        : list[firstAtLeast(list, cursor)];
    if (at === undefined || at < cursor || at > (latest[k] ?? -1)) return undefined;
    places.push(at);
    cursor = at + (lengths[k] ?? 0);
  }
  return places;
}

/**
 * The place for a label's opening `[` among `list` within [from, to]: the latest one whose text up to the
 * next piece (its closer, usually) has balanced brackets, since a label's text rarely has brackets of its own
 * while a translation may wrap the whole segment in some (`[es: [Install](#install)]`).
 */
function labelOpener(
  translation: string,
  list: readonly number[],
  from: number,
  to: number,
  following: readonly number[] | undefined,
): number | undefined {
  const first = firstAtLeast(list, from);
  for (let i = firstAtLeast(list, to + 1) - 1; i >= first; i--) {
    const at = list[i] ?? 0;
    const end = following?.[firstAtLeast(following, at + 1)] ?? translation.length;
    let depth = 0;
    for (const char of translation.slice(at + 1, end)) {
      depth += char === '[' ? 1 : char === ']' ? -1 : 0;
      if (depth < 0) break;
    }
    if (depth === 0) return at;
  }
  return lastAtMost(list, to);
}

/** Index of the first element of sorted `list` that is at least `value` (`list.length` when none is). */
function firstAtLeast(list: readonly number[], value: number): number {
  let [low, high] = [0, list.length];
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((list[middle] ?? 0) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The last element of sorted `list` that is at most `value`. */
const lastAtMost = (list: readonly number[], value: number): number | undefined =>
  list[firstAtLeast(list, value + 1) - 1];

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
