import type { BlockBlobClient } from '@azure/storage-blob';
import type { TextFormat } from '../formats/format.js';
import type { ParsePool } from '../worker/parsing/parsePool.js';
import { eachTargetPart } from './targetParts.js';

/**
 * Each segment's stretch of the existing target, in file order (see SegmentSpans.texts), for a format that
 * keeps edits by position. The target is parsed part by part as a source is: with the source's file-wide
 * context (Markdown link definitions, which the app copies into the target unchanged). Undefined when there
 * is no target, or when it is no longer a valid file of its format or larger than `maxBytes`.
 */
export async function readTargetSpans(
  target: BlockBlobClient,
  format: TextFormat,
  parsing: ParsePool,
  limits: { partChars: number; maxBytes: number },
  context: { targetLanguage: string; definitions: string },
): Promise<string[] | undefined> {
  const spans: string[] = [];
  const read = await eachTargetPart(target, format, parsing, limits, async (text, index) => {
    const chunk = { index, definitions: context.definitions };
    const found = await parsing.run({
      kind: 'spans',
      format: format.id,
      text,
      context: { targetLanguage: context.targetLanguage, chunk },
    });
    for (const span of found) spans.push(span);
  });
  return read ? spans : undefined;
}
