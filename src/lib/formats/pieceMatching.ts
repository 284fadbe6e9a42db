import type { Piece, SegmentPieces } from '../translation/translator.js';

/** Appends a piece, joining it to the previous one of the same kind: fewer tokens for the engine to carry. */
export function pushPiece(pieces: Piece[], kind: 'text' | 'keep', text: string): void {
  const last = pieces.at(-1);
  if (text === '') return;
  if (last && last.kind === kind) pieces[pieces.length - 1] = { kind, text: last.text + text };
  else pieces.push({ kind, text });
}

/** Splits `text` into text pieces and keep pieces for every match of `pattern` (a global RegExp). */
export function pushProtected(
  pieces: Piece[],
  text: string,
  pattern: RegExp,
  isProtected: (match: string) => boolean = () => true,
): void {
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (!isProtected(match[0])) continue;
    pushPiece(pieces, 'text', text.slice(last, match.index));
    pushPiece(pieces, 'keep', match[0]);
    last = match.index + match[0].length;
  }
  pushPiece(pieces, 'text', text.slice(last));
}

export const hasLetters = (pieces: SegmentPieces): boolean =>
  pieces.some((p) => p.kind === 'text' && /\p{L}/u.test(p.text));

interface KeepMatch {
  at: number;
  length: number;
  /** Index into the segment's pieces. */
  piece: number;
}

/**
 * Where each keep piece landed in a translation. Engines may reorder protected pieces, so matching goes by
 * content: longer pieces first (a short one can be part of a longer one), identical pieces in order of
 * appearance. A piece the translation lost is simply not matched; `restoreTokens` has already rejected
 * translations that lose or repeat pieces.
 */
function locateKeeps(translation: string, pieces: SegmentPieces): KeepMatch[] {
  const byText = new Map<string, number[]>();
  pieces.forEach((piece, index) => {
    if (piece.kind !== 'keep') return;
    const indexes = byText.get(piece.text) ?? [];
    indexes.push(index);
    byText.set(piece.text, indexes);
  });
  const matches: KeepMatch[] = [];
  const overlaps = (at: number, length: number) =>
    matches.some((m) => at < m.at + m.length && m.at < at + length);
  for (const [text, indexes] of [...byText].sort(([a], [b]) => b.length - a.length)) {
    const found: number[] = [];
    for (let at = translation.indexOf(text); at !== -1 && found.length < indexes.length;) {
      if (overlaps(at, text.length)) {
        at = translation.indexOf(text, at + 1);
        continue;
      }
      found.push(at);
      at = translation.indexOf(text, at + text.length);
    }
    found.forEach((at, n) => matches.push({ at, length: text.length, piece: indexes[n] ?? -1 }));
  }
  return matches.sort((a, b) => a.at - b.at);
}

export interface RebuildRules {
  /** Writes translated text; `following` is what comes right after it in the output (a keep piece or ''). */
  text(gap: string, following: string): string;
  /** Writes the keep piece `pieces[index]`. */
  keep(index: number): string;
}

/**
 * Rewrites a translation: the text between the segment's keep pieces goes through `rules.text` (escaping for
 * the target syntax) and each keep piece through `rules.keep`. Escaping only what lies between known keep
 * pieces is what lets markup come back verbatim while translated `<`, `&` or quotes are made safe.
 */
export function rebuildTranslation(translation: string, pieces: SegmentPieces, rules: RebuildRules): string {
  let output = '';
  let position = 0;
  for (const match of locateKeeps(translation, pieces)) {
    const keepText = translation.slice(match.at, match.at + match.length);
    output += rules.text(translation.slice(position, match.at), keepText) + rules.keep(match.piece);
    position = match.at + match.length;
  }
  return output + rules.text(translation.slice(position), '');
}
