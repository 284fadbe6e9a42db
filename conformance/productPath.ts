/**
 * Exactly what the worker does with a text file (src/lib/worker/translateTextItem.ts), through the product's own
 * functions: decode → cut into parts (`textParts`, `PART_CHARS`) → `format.parse` per part → glossary rules →
 * `translateSegments` → `render`, the parts' outputs written one after the other as UTF-8. The worker's
 * `scan` and `translateParts` are not exported, so their few lines of orchestration are mirrored here; every
 * decision inside them is the product's. Decoding lives only in `decodeSource`.
 */
import { NO_TERMS, compileTerms } from '../src/lib/glossary/applyTerms.js';
import { textFormatFor } from '../src/lib/formats/registry.js';
import { translateSegments } from '../src/lib/translation/translateSegments.js';
import type { Translator } from '../src/lib/translation/translator.js';
import { decodeUtf8 } from '../src/lib/worker/sourceBlob.js';
import { textParts } from '../src/lib/worker/textParts.js';
import { PART_CHARS, SINGLE_READ_BYTES } from '../src/lib/worker/translateTextItem.js';

/** How the worker turns a blob's bytes into text: the one place to switch when the encoding module lands. */
const decodeSource = (bytes: Buffer): AsyncIterable<string> => decodeUtf8([bytes]);

export async function productPath(
  fileName: string,
  bytes: Buffer,
  targetLanguage: string,
  translator: Translator,
): Promise<Buffer> {
  const format = textFormatFor(fileName);
  if (!format) throw new Error(`No text format for ${fileName}`);
  const boundary = format.chunkBoundary?.bind(format);
  // A file over the single-read size is scanned first for the file-wide context each part needs.
  const found: string[] = [];
  if (bytes.length > SINGLE_READ_BYTES) {
    for await (const part of textParts(decodeSource(bytes), boundary, PART_CHARS)) {
      const definitions = format.collectDefinitions?.(part);
      if (definitions) found.push(definitions);
    }
  }
  const definitions = found.join('\n');
  const applyTerms = compileTerms(NO_TERMS);
  const written: Buffer[] = [];
  let index = 0;
  for await (const part of textParts(decodeSource(bytes), boundary, PART_CHARS)) {
    const document = format.parse(part, { targetLanguage, chunk: { index: index++, definitions } });
    const translated = await translateSegments(
      translator,
      document.segments.map(applyTerms),
      targetLanguage,
      undefined,
    );
    written.push(Buffer.from(document.render(translated.translations), 'utf8'));
  }
  return Buffer.concat(written);
}
