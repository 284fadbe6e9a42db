import { readFileSync } from 'node:fs';
import type { FormatContext, TextFormat } from '../../src/lib/formats/format.js';
import { PseudoTranslator } from '../../src/lib/translation/pseudoTranslator.js';
import assert from 'node:assert/strict';
import { PermanentItemError } from '../../src/lib/errors.js';
import { encodeSegment, restoreTokens, sourceText } from '../../src/lib/translation/tokens.js';
import type { SegmentPieces, Translator } from '../../src/lib/translation/translator.js';

/** A realistic file kept under test/fixtures/formats. */
export const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/formats/${name}`, import.meta.url), 'utf8');

export const context = (targetLanguage = 'es'): FormatContext => ({ targetLanguage });

/** parse → identity translation → render: must give back the source byte for byte. */
export function roundTrip(format: TextFormat, source: string, ctx: FormatContext = context()): string {
  const document = format.parse(source, ctx);
  return document.render(document.segments.map(sourceText));
}

/** parse → translate with `translator` (pseudo by default, which also checks every token) → render. */
export async function translateWith(
  format: TextFormat,
  source: string,
  ctx: FormatContext = context(),
  translator: Translator = new PseudoTranslator(),
): Promise<string> {
  const document = format.parse(source, ctx);
  if (document.segments.length === 0) return document.render([]);
  const result = await translator.translate({ segments: document.segments, to: ctx.targetLanguage });
  return document.render(result.segments);
}

/** A translator that answers each segment with `answer(pieces)`: for escaping and reordering cases. */
export const scriptedTranslator = (answer: (pieces: SegmentPieces) => string): Translator => ({
  name: 'scripted',
  maxSegmentChars: 50_000,
  translate: (request) =>
    Promise.resolve({
      segments: request.segments.map(answer),
      charactersCharged: 0,
      requests: 1,
      charactersSent: 0,
    }),
});

/**
 * Appends `suffix` (characters the format must escape, as a real engine might produce) to every segment,
 * through the same token encoding and verification as real providers.
 */
export const appendingTranslator = (suffix: string): Translator =>
  scriptedTranslator((pieces) => {
    const { text, replacements } = encodeSegment(pieces);
    return restoreTokens(`${text}${suffix}`, replacements);
  });

/** Asserts that parsing `source` fails with invalid_document. */
export const assertInvalidDocument = (format: TextFormat, source: string): void => {
  assert.throws(
    () => format.parse(source, context()),
    (error: unknown) => error instanceof PermanentItemError && error.code === 'invalid_document',
    JSON.stringify(source),
  );
};
