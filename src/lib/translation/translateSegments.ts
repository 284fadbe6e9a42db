import type { Piece, SegmentPieces, TranslateResult, Translator } from './translator.js';

export interface SegmentTranslation {
  translations: string[];
  charactersCharged: number;
  detectedLanguage?: string;
  requests: number;
  charactersSent: number;
}

const HAS_LETTER = /\p{L}/u;
/** The pieces a provider actually needs: edge whitespace stays home, engines tend to trim or collapse it. */
interface Prepared {
  lead: string;
  trail: string;
  /** One or more parts, each within the provider's segment limit; their translations are concatenated. */
  parts: Piece[][];
  /** Whitespace that separated the parts in the source, put back between their translations. */
  joints: string[];
}

/**
 * Edge whitespace, including protected pieces that are only whitespace (a PO `\n` escape, a kept line
 * break), stays home: an engine would move, trim or collapse it.
 */
function trimEdges(pieces: SegmentPieces): { lead: string; core: Piece[]; trail: string } {
  const core = [...pieces];
  let lead = '';
  let trail = '';
  const blank = (p: Piece | undefined) => p !== undefined && p.kind !== 'term' && /^\s*$/u.test(p.text);
  while (blank(core[0])) lead += core.shift()!.text;
  while (blank(core.at(-1))) trail = core.pop()!.text + trail;
  const first = core[0];
  if (first?.kind === 'text') {
    const m = /^\s*/u.exec(first.text)?.[0] ?? '';
    lead += m;
    core[0] = { kind: 'text', text: first.text.slice(m.length) };
  }
  const lastIndex = core.length - 1;
  const last = core[lastIndex];
  if (last?.kind === 'text') {
    const m = /\s*$/u.exec(last.text)?.[0] ?? '';
    trail = m + trail;
    core[lastIndex] = { kind: 'text', text: last.text.slice(0, last.text.length - m.length) };
  }
  return { lead, core: core.filter((p) => p.text !== ''), trail };
}

const pieceLength = (p: Piece): number => (p.kind === 'text' ? p.text.length : 8);

const SENTENCE_END = /(?<=[.!?。！？;:])\s+|\n+/gu;
const WHITESPACE = /\s+/gu;

/**
 * Where to cut `text` so that at most `room` characters come before the cut: after the last sentence end
 * (or line break) that fits, else at the last whitespace that fits; the whitespace at the cut is the joint
 * between the parts. Undefined when nothing fits.
 */
function cutWithin(text: string, room: number): { end: number; resume: number } | undefined {
  const last = (pattern: RegExp) => {
    let found: { end: number; resume: number } | undefined;
    for (const m of text.matchAll(pattern)) {
      if (m.index > room) break;
      if (m.index > 0) found = { end: m.index, resume: m.index + m[0].length };
    }
    return found;
  };
  const sentence = last(SENTENCE_END);
  // A sentence end far back would waste most of the room: a word boundary near the limit is better then.
  return sentence && sentence.end >= room / 2 ? sentence : (last(WHITESPACE) ?? sentence);
}

/** A hard cut at `room`, never inside a surrogate pair. */
const hardCut = (text: string, room: number): number =>
  /[\uD800-\uDBFF]/.test(text.charAt(room - 1)) && room > 1 ? room - 1 : room;

/**
 * Packs the pieces into parts of at most `max` characters, filling each part before starting the next, so
 * a long segment becomes as few parts as its length needs (the provider then packs the parts into
 * requests like any other segments). Text is cut at sentence ends, else at whitespace, else anywhere.
 */
function splitToFit(core: Piece[], max: number): { parts: Piece[][]; joints: string[] } {
  const total = core.reduce((n, p) => n + pieceLength(p), 0);
  if (total <= max) return { parts: [core], joints: [] };
  const parts: Piece[][] = [];
  const joints: string[] = [];
  let current: Piece[] = [];
  let size = 0;
  const close = (joint: string) => {
    if (current.length === 0) return;
    parts.push(current);
    joints.push(joint);
    current = [];
    size = 0;
  };
  const add = (piece: Piece) => {
    current.push(piece);
    size += pieceLength(piece);
  };
  for (const piece of core) {
    if (piece.kind !== 'text') {
      if (size + pieceLength(piece) > max) close('');
      add(piece);
      continue;
    }
    let rest = piece.text;
    while (size + rest.length > max) {
      const cut = cutWithin(rest, max - size);
      if (!cut && current.length > 0) {
        close('');
        continue;
      }
      const { end, resume } = cut ?? { end: hardCut(rest, max), resume: hardCut(rest, max) };
      add({ kind: 'text', text: rest.slice(0, end) });
      close(rest.slice(end, resume));
      rest = rest.slice(resume);
    }
    if (rest !== '') add({ kind: 'text', text: rest });
  }
  close('');
  joints.pop();
  return { parts, joints };
}

/** What an untranslatable part becomes: protected text as is, glossary terms translated. */
const literal = (pieces: readonly Piece[]): string =>
  pieces.map((p) => (p.kind === 'term' ? p.translation : p.text)).join('');

/**
 * Sends a document's segments to the provider in as few calls as its limits allow and returns one
 * translation per segment. Segments without letters are not sent (they cost money and only risk damage);
 * edge whitespace is kept from the source; segments over the provider's limit are split at sentence ends.
 */
export async function translateSegments(
  translator: Translator,
  segments: readonly SegmentPieces[],
  to: string,
  from: string | undefined,
  retryBudgetMs?: number,
): Promise<SegmentTranslation> {
  const prepared: Prepared[] = segments.map((pieces) => {
    const { lead, core, trail } = trimEdges(pieces);
    return { lead, trail, ...splitToFit(core, translator.maxSegmentChars) };
  });
  const wire: Piece[][] = [];
  for (const p of prepared) {
    for (const part of p.parts)
      if (part.some((x) => x.kind === 'text' && HAS_LETTER.test(x.text))) wire.push(part);
  }
  let result: TranslateResult = { segments: [], charactersCharged: 0, requests: 0, charactersSent: 0 };
  if (wire.length > 0) {
    result = await translator.translate({
      segments: wire,
      to,
      ...(from ? { from } : {}),
      ...(retryBudgetMs === undefined ? {} : { retryBudgetMs }),
    });
    if (result.segments.length !== wire.length) {
      throw new Error(
        `Translator ${translator.name} returned ${result.segments.length} segments for ${wire.length}`,
      );
    }
  }
  let next = 0;
  const translations = prepared.map((p) => {
    const parts = p.parts.map((part) =>
      part.some((x) => x.kind === 'text' && HAS_LETTER.test(x.text))
        ? (result.segments[next++] ?? '')
        : literal(part),
    );
    return p.lead + parts.map((t, i) => t + (p.joints[i] ?? '')).join('') + p.trail;
  });
  return {
    translations,
    charactersCharged: result.charactersCharged,
    requests: result.requests,
    charactersSent: result.charactersSent,
    ...(result.detectedLanguage ? { detectedLanguage: result.detectedLanguage } : {}),
  };
}
