import type { TextFormat } from '../formats/format.js';
import type { TranslateItemMessage } from '../messages.js';
import { ITEM_LIMITS } from './itemLimits.js';
import { openSourceBlob, readAll, type SourceBlob } from './sourceBlob.js';
import { scanText, type Body, type ScannedText } from './textPipeline.js';
import type { ItemDeps, SizeLimit } from './translateItem.js';

/**
 * Opens a text item's source and scans it (hash, encoding, definitions): a small file is read once and kept;
 * a large one is streamed twice, the second read pinned to the version just hashed, so a blob changed in between
 * fails the attempt (transient) instead of mixing two versions. Shared by translating and by dry runs.
 */
export async function readTextSource(
  deps: Pick<ItemDeps, 'storage' | 'itemLimits' | 'parsing'>,
  message: Pick<TranslateItemMessage, 'source_container' | 'source_path'>,
  format: TextFormat,
  limit: SizeLimit,
): Promise<{ source: SourceBlob; body: Body; scanned: ScannedText }> {
  const limits = deps.itemLimits ?? ITEM_LIMITS;
  const read = (etag?: string) =>
    openSourceBlob(
      deps.storage.blobs,
      { container: message.source_container, path: message.source_path, limit },
      etag,
    );
  const source = await read();
  if (source.contentLength <= limits.singleReadBytes) {
    const body = [await readAll(source.body)];
    return { source, body, scanned: await scanText(body, format, limits, deps.parsing) };
  }
  const scanned = await scanText(source.body, format, limits, deps.parsing);
  const pinned = await read(source.etag);
  return { source: pinned, body: pinned.body, scanned };
}
