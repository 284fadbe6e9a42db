/**
 * Exactly what the worker does with a text file, with no storage around it: the worker's own text pipeline
 * (`src/lib/worker/textPipeline.ts`: scan for hash, encoding and file-wide context, then decode → cut into
 * parts → parse → translate → render), at the worker's own limits, the parts' outputs joined as UTF-8.
 */
import { textFormatFor } from '../src/lib/formats/registry.js';
import { NO_TERMS } from '../src/lib/glossary/applyTerms.js';
import type { Translator } from '../src/lib/translation/translator.js';
import { ITEM_LIMITS } from '../src/lib/worker/itemLimits.js';
import type { ParsePool } from '../src/lib/worker/parsing/parsePool.js';
import { scanText, translateTextParts } from '../src/lib/worker/textPipeline.js';

export async function productPath(
  fileName: string,
  bytes: Buffer,
  targetLanguage: string,
  translator: Translator,
  parsing: ParsePool,
): Promise<Buffer> {
  const format = textFormatFor(fileName);
  if (!format) throw new Error(`No text format for ${fileName}`);
  const scanned = await scanText([bytes], format, ITEM_LIMITS, parsing);
  const written: Buffer[] = [];
  await translateTextParts(
    [bytes],
    scanned,
    {
      format,
      parsing,
      terms: NO_TERMS,
      translator,
      targetLanguage,
      limits: ITEM_LIMITS,
      now: () => new Date(),
    },
    (text) => {
      written.push(Buffer.from(text, 'utf8'));
      return Promise.resolve();
    },
  );
  return Buffer.concat(written);
}
