import type { BlockBlobClient } from '@azure/storage-blob';
import type { TextFormat } from '../formats/format.js';
import type { ParsePool } from '../worker/parsing/parsePool.js';
import { eachTargetPart } from './targetParts.js';

/**
 * The existing target's translated units (key → decoded text), parsed part by part on the parse threads.
 * Undefined when there is no target, or when it is no longer a valid file of its format or larger than
 * `maxBytes`.
 */
export async function readTargetUnits(
  target: BlockBlobClient,
  format: TextFormat,
  parsing: ParsePool,
  limits: { partChars: number; maxBytes: number },
): Promise<Map<string, string> | undefined> {
  const units = new Map<string, string>();
  const read = await eachTargetPart(target, format, parsing, limits, async (text) => {
    for (const [key, value] of await parsing.run({ kind: 'units', format: format.id, text }))
      units.set(key, value);
  });
  return read ? units : undefined;
}
