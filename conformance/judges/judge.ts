/** What every independent judge answers about one file. None of them uses the product's parsers. */
import type { Coverage } from '../coverage.js';

export type Verdict = { ok: true } | { ok: false; message: string };

export interface Comparison {
  /** The output's structure matches the source's as far as the validator sees it (and it validates). */
  valid: Verdict;
  /** Protected content altered: placeholders, code, URLs, keys, timings, attributes, existing translations. */
  damage: string[];
  coverage: Coverage;
}

/** The source text as the judge reads it (its own decoding), plus the bytes. */
export interface JudgeInput {
  fileName: string;
  bytes: Buffer;
  text: string;
}

export interface Judge {
  /** The language to translate into: the file's own (a PO catalogue, an XLIFF target) or a default. */
  targetLanguage(input: JudgeInput): string;
  /** The validator's verdict on the input; rejected inputs are counted apart, not held against the product. */
  validate(input: JudgeInput): Promise<Verdict>;
  /**
   * The text with what even an identity translation legitimately writes blanked out: the target language a
   * format declares (PO `Language:`/`Plural-Forms:`, XLIFF `target-language`, `<html lang>`) and the slots
   * it fills (PO msgstr and `fuzzy`, XLIFF targets and states), so the identity check sees every other byte.
   */
  withoutTranslationSlots?: (text: string) => string;
  /** Pseudo output against the source. */
  compare(input: JudgeInput, output: string, language: string): Promise<Comparison>;
}

export const DEFAULT_TARGET = 'es';

export const accepted: Verdict = { ok: true };
export const rejected = (message: string): Verdict => ({ ok: false, message });

/** First place two lists differ, for a short message. */
export function firstDifference(a: readonly string[], b: readonly string[]): string | undefined {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i])
      return `at item ${i + 1}: source ${JSON.stringify(a[i] ?? '(end)')} vs output ${JSON.stringify(b[i] ?? '(end)')}`;
  }
  return undefined;
}
