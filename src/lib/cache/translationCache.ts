import type { TableClient } from '@azure/data-tables';
import type {
  BlobClient,
  BlobServiceClient,
  BlockBlobClient,
  BlockBlobUploadOptions,
} from '@azure/storage-blob';
import type { Readable } from 'node:stream';
import { isNotFound } from '../errors.js';

/** Output metadata naming the cache key it was made under: how a cached output proves it still applies. */
export const CACHE_KEY_METADATA = 'cache_key';

/**
 * Whether a blob holds the output made under `key` (its metadata names the key, one HEAD request): `other`
 * when it holds something else (another content, or a person's edit), `missing` when there is no blob.
 */
export async function outputIn(blob: BlobClient, key: string): Promise<'held' | 'other' | 'missing'> {
  try {
    const properties = await blob.getProperties();
    return properties.metadata?.[CACHE_KEY_METADATA] === key ? 'held' : 'other';
  } catch (error) {
    if (isNotFound(error)) return 'missing';
    throw error;
  }
}

// A type alias, not an interface, so it satisfies the tables SDK's index-signature constraint.
type CacheRow = { partitionKey: string; rowKey: string; container: string; path: string };

/**
 * An entry's row key repeats its partition key. Azure finds an entity by both keys whatever they hold, but
 * Azurite looks one up through the index of one key and scans the matches for the other: the PartitionKey in
 * 3.35, the RowKey from 3.36 (Azure/Azurite#2588). A row key shared by every entry (once '') made each lookup
 * there scan the whole cache, which grows with everything ever translated; a unique one is a lookup in both.
 */
const rowKeyOf = (key: string): string => key;

export type Reuse = 'kept' | 'copied';

/**
 * Remembers where the output for a cache key was written. The entry is only a pointer: before an output is
 * reused, its own metadata must still name the key, so an output overwritten or deleted since is never
 * mistaken for a cached translation (the pointer is then simply a miss).
 */
export class TranslationCache {
  constructor(
    private readonly table: TableClient,
    private readonly blobs: BlobServiceClient,
  ) {}

  /**
   * `kept`: the target already holds this translation (a re-run); `copied`: another output had it and was
   * copied to the target; `undefined`: translate.
   */
  async reuse(
    key: string,
    target: { container: string; path: string; client: BlockBlobClient },
    options: BlockBlobUploadOptions,
    /** A copied output up to this size is one Put Blob (held in memory); a larger one is streamed in blocks. */
    singlePutBytes = 0,
  ): Promise<Reuse | undefined> {
    let row: CacheRow;
    try {
      row = await this.table.getEntity<CacheRow>(key, rowKeyOf(key));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    if (row.container === target.container && row.path === target.path)
      return (await outputIn(target.client, key)) === 'held' ? 'kept' : undefined;
    let cached;
    try {
      cached = await this.blobs.getContainerClient(row.container).getBlobClient(row.path).download();
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    const stream = cached.readableStreamBody;
    if (cached.metadata?.[CACHE_KEY_METADATA] !== key || !stream) {
      (stream as { destroy?: () => void } | undefined)?.destroy?.();
      return undefined;
    }
    const copyOptions = {
      ...(options.blobHTTPHeaders ? { blobHTTPHeaders: options.blobHTTPHeaders } : {}),
      metadata: { ...options.metadata, [CACHE_KEY_METADATA]: key },
    };
    // The SDK types a download body as NodeJS.ReadableStream; in Node it is a Readable.
    const body = stream as Readable;
    if ((cached.contentLength ?? Infinity) <= singlePutBytes) {
      // One call instead of a staged block and a commit, which is what streaming costs even for a small blob.
      const bytes = Buffer.concat(await body.toArray());
      await target.client.upload(bytes, bytes.length, copyOptions);
    } else {
      await target.client.uploadStream(body, undefined, undefined, copyOptions);
    }
    return 'copied';
  }

  /**
   * What `reuse` would answer, changing nothing: a dry run's question. The pointed-to output's metadata is
   * read, not its body.
   */
  async peek(key: string, target: { container: string; path: string }): Promise<Reuse | undefined> {
    let row: CacheRow;
    try {
      row = await this.table.getEntity<CacheRow>(key, rowKeyOf(key));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    const held = await outputIn(this.blobs.getContainerClient(row.container).getBlobClient(row.path), key);
    if (held !== 'held') return undefined;
    return row.container === target.container && row.path === target.path ? 'kept' : 'copied';
  }

  /** After a successful translation: the newest output for a key is the one reused next. */
  async remember(key: string, container: string, path: string): Promise<void> {
    const row: CacheRow = { partitionKey: key, rowKey: rowKeyOf(key), container, path };
    await this.table.upsertEntity(row, 'Replace');
  }
}
