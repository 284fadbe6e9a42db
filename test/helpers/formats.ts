import { readFileSync } from 'node:fs';
import type { FormatContext, TextFormat } from '../../src/lib/formats/format.js';
import { PseudoTranslator } from '../../src/lib/translation/pseudoTranslator.js';
import { sourceText } from '../../src/lib/translation/tokens.js';
import type { Translator } from '../../src/lib/translation/translator.js';

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
