import type { TextFormat } from '../../src/lib/formats/format.js';
import { sourceText } from '../../src/lib/translation/tokens.js';
import { textParts } from '../../src/lib/worker/textParts.js';

/**
 * The file streamed in pieces of `size` characters and cut where the format allows, as the worker does for a
 * large file: the segments of every part in order, and the parts rendered back and joined.
 */
export async function throughParts(
  format: TextFormat,
  text: string,
  size: number,
): Promise<{ segments: string[]; rendered: string; parts: number }> {
  async function* pieces(): AsyncGenerator<string> {
    for (let at = 0; at < text.length; at += size) yield text.slice(at, at + size);
  }
  const segments: string[] = [];
  let rendered = '';
  let parts = 0;
  for await (const part of textParts(pieces(), format.chunkBoundary?.bind(format), size)) {
    const document = format.parse(part, { targetLanguage: 'es', chunk: { index: parts++, definitions: '' } });
    segments.push(...document.segments.map(sourceText));
    rendered += document.render(document.segments.map(sourceText));
  }
  return { segments, rendered, parts };
}
