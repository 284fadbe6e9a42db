import type { BlockBlobClient } from '@azure/storage-blob';
import { PermanentItemError, isNotFound } from '../errors.js';
import type { TextFormat } from '../formats/format.js';
import { textDecoderFor } from '../encoding/textDecoder.js';
import type { ParsePool } from '../worker/parsing/parsePool.js';
import { textParts } from '../worker/textParts.js';

/**
 * The existing target's translated units (key → decoded text), read in one streamed GET and parsed part by
 * part on the parse threads. Undefined when there is no target, or when it is no longer a valid file of its
 * format or larger than `maxBytes` (a person's edits can only be kept from a file that still parses).
 */
export async function readTargetUnits(
  target: BlockBlobClient,
  format: TextFormat,
  parsing: ParsePool,
  limits: { partChars: number; maxBytes: number },
): Promise<Map<string, string> | undefined> {
  let response;
  try {
    response = await target.download();
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  const stream = response.readableStreamBody as
    (NodeJS.ReadableStream & { destroy?: () => void }) | undefined;
  if (!stream || (response.contentLength ?? 0) > limits.maxBytes) {
    stream?.destroy?.();
    return undefined;
  }
  async function* body(): AsyncGenerator<Buffer> {
    if (stream) for await (const chunk of stream) yield chunk as Buffer;
  }
  const boundary = format.chunkBoundary
    ? (text: string) => parsing.run({ kind: 'boundary', format: format.id, text })
    : undefined;
  const units = new Map<string, string>();
  try {
    // The app writes UTF-8 whatever the source's encoding; a target re-saved otherwise fails to decode.
    for await (const part of textParts(textDecoderFor('utf-8')(body()), boundary, limits.partChars)) {
      for (const [key, text] of await parsing.run({ kind: 'units', format: format.id, text: part }))
        units.set(key, text);
    }
  } catch (error) {
    stream.destroy?.();
    if (error instanceof PermanentItemError) return undefined;
    throw error;
  }
  return units;
}
