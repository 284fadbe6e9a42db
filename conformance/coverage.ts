/**
 * Share of human text translated, measured on the pseudo output: Latin letters the pseudo-localiser accents
 * (an ASCII letter left in the output is untranslated text), and other letters counted when their unit carries
 * the pseudo marker `[lang: …]`. Protected content is removed from both sides first.
 */
import { MESSAGE_KINDS, withoutProtected, type ProtectedKind } from './placeholders.js';

export interface Coverage {
  /** Letters of human text in the source units. */
  expected: number;
  /** Of those, letters that came out translated. */
  translated: number;
}

export const NO_COVERAGE: Coverage = { expected: 0, translated: 0 };

const ASCII_LETTERS = /[A-Za-z]/g;
const OTHER_LETTERS = /(?![A-Za-z])\p{L}/gu;
const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;

export function unitCoverage(
  source: string,
  output: string,
  language: string,
  kinds: readonly ProtectedKind[] = MESSAGE_KINDS,
): Coverage {
  const marker = `[${language}: `;
  const src = withoutProtected(source, kinds);
  const out = withoutProtected(output, kinds).split(marker).join(' ');
  const latin = count(src, ASCII_LETTERS);
  const other = count(src, OTHER_LETTERS);
  const latinDone = Math.max(0, Math.min(latin, latin - count(out, ASCII_LETTERS)));
  const otherDone = output.includes(marker) ? other : 0;
  return { expected: latin + other, translated: latinDone + otherDone };
}

export const addCoverage = (a: Coverage, b: Coverage): Coverage => ({
  expected: a.expected + b.expected,
  translated: a.translated + b.translated,
});

export const sumCoverage = (list: readonly Coverage[]): Coverage => list.reduce(addCoverage, NO_COVERAGE);
