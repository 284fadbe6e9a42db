import type { BlockBlobClient } from '@azure/storage-blob';
import { PermanentItemError, isNotFound } from '../errors.js';
import type { TextFormat } from '../formats/format.js';
import { textDecoderFor } from '../encoding/textDecoder.js';
import type { ParsePool } from '../worker/parsing/parsePool.js';
import { textParts } from '../worker/textParts.js';

/**
 * The existing target, read in one streamed GET, cut into parts where the format cuts a source, each handed
 * to `onPart` in order. False when there is no target, or when it is larger than `maxBytes` or no longer a
 * valid file of its format (a person's edits can only be kept from a file that still parses).
 */
export async function eachTargetPart(
  target: BlockBlobClient,
  format: TextFormat,
  parsing: ParsePool,
  limits: { partChars: number; maxBytes: number },
  onPart: (part: string, index: number) => Promise<void>,
): Promise<boolean> {
  let response;
  try {
    response = await target.download();
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
  const stream = response.readableStreamBody as
    (NodeJS.ReadableStream & { destroy?: () => void }) | undefined;
  if (!stream || (response.contentLength ?? 0) > limits.maxBytes) {
    stream?.destroy?.();
    return false;
  }
  async function* body(): AsyncGenerator<Buffer> {
    if (stream) for await (const chunk of stream) yield chunk as Buffer;
  }
  const boundary = format.chunkBoundary
    ? (text: string) => parsing.run({ kind: 'boundary', format: format.id, text })
    : undefined;
  let index = 0;
  try {
    // The app writes UTF-8 whatever the source's encoding; a target re-saved otherwise fails to decode.
    for await (const part of textParts(textDecoderFor('utf-8')(body()), boundary, limits.partChars)) {
      await onPart(part, index++);
    }
  } catch (error) {
    stream.destroy?.();
    if (error instanceof PermanentItemError) return false;
    throw error;
  }
  return true;
}
