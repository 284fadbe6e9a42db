import { setTimeout as delay } from 'node:timers/promises';
import { packRequests } from './packRequests.js';
import { encodeSegment, restoreTokens, textLength } from './tokens.js';
import type { TranslateRequest, TranslateResult, Translator } from './translator.js';

const ACCENTED: Record<string, string> = {
  a: 'á',
  b: 'ƀ',
  c: 'ç',
  d: 'ð',
  e: 'é',
  f: 'ƒ',
  g: 'ĝ',
  h: 'ĥ',
  i: 'í',
  j: 'ĵ',
  k: 'ķ',
  l: 'ļ',
  m: 'ɱ',
  n: 'ñ',
  o: 'ö',
  p: 'þ',
  q: 'ǫ',
  r: 'ŕ',
  s: 'š',
  t: 'ţ',
  u: 'ú',
  v: 'ṽ',
  w: 'ŵ',
  x: 'ẋ',
  y: 'ý',
  z: 'ž',
  A: 'Á',
  B: 'Ɓ',
  C: 'Ç',
  D: 'Ð',
  E: 'É',
  F: 'Ƒ',
  G: 'Ĝ',
  H: 'Ĥ',
  I: 'Í',
  J: 'Ĵ',
  K: 'Ķ',
  L: 'Ļ',
  M: 'Ṁ',
  N: 'Ñ',
  O: 'Ö',
  P: 'Þ',
  Q: 'Ǫ',
  R: 'Ŕ',
  S: 'Š',
  T: 'Ţ',
  U: 'Ú',
  V: 'Ṽ',
  W: 'Ŵ',
  X: 'Ẋ',
  Y: 'Ý',
  Z: 'Ž',
};

/**
 * Deterministic pseudo-localisation: accents every ASCII letter and brackets each segment with the target
 * language, so output is visibly "translated", stays readable, and is identical on every run. Leading and
 * trailing whitespace stay outside the brackets so line structure survives.
 */
export function pseudoLocalize(text: string, to: string): string {
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(text);
  const [, lead = '', core = '', trail = ''] = match ?? [];
  if (core === '') return text;
  const accented = core.replace(/[A-Za-z]/g, (ch) => ACCENTED[ch] ?? ch);
  return `${lead}[${to}: ${accented}]${trail}`;
}

const PSEUDO_LIMITS = { maxChars: 50_000, maxSegments: 1000 };

export class PseudoTranslator implements Translator {
  readonly name = 'pseudo';
  readonly maxSegmentChars = 50_000;

  /** `latencyMs` simulates a remote provider's round trip, for benchmarks. */
  constructor(private readonly latencyMs = 0) {}

  /** Goes through the same token encoding and verification as real providers, so formats are tested by it. */
  async translate(request: TranslateRequest): Promise<TranslateResult> {
    if (this.latencyMs > 0) await delay(this.latencyMs);
    let charactersCharged = 0;
    let charactersSent = 0;
    const encoded = request.segments.map((pieces) => {
      charactersCharged += textLength(pieces);
      return encodeSegment(pieces);
    });
    // Counted as Azure's limits would split the same text, so benchmarks compare like with like.
    const requests = packRequests(
      encoded.map((e) => e.text.length),
      PSEUDO_LIMITS,
    ).length;
    const segments = encoded.map((e) => {
      charactersSent += e.text.length;
      return restoreTokens(pseudoLocalize(e.text, request.to), e.replacements);
    });
    return { segments, charactersCharged, requests, charactersSent };
  }
}
