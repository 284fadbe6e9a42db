import type { BlockBlobClient, BlockBlobUploadOptions } from '@azure/storage-blob';
import { isNotFound } from '../errors.js';
import { withUtf8Charset } from '../encoding/contentType.js';
import { contentTypeFor } from '../formats/contentTypes.js';
import type { TranslateItemMessage } from '../messages.js';
import type { ItemDeps } from './translateItem.js';

/** Where an item's output goes and the headers and metadata it is written with. */
export interface TargetBlob {
  container: string;
  path: string;
  client: BlockBlobClient;
  /** Recreates the target container, deleted after the job was accepted, rather than failing the item. */
  recreateContainer(): Promise<void>;
  options(extraMetadata?: Record<string, string>): BlockBlobUploadOptions;
}

/** Blob metadata values must be ASCII; keep what identifies the run and the exact source version. */
export function targetBlobFor(
  deps: Pick<ItemDeps, 'storage' | 'translator'>,
  message: TranslateItemMessage,
  sourceEtag: string | undefined,
): TargetBlob {
  const container = deps.storage.blobs.getContainerClient(message.target_container);
  return {
    container: message.target_container,
    path: message.target_path,
    client: container.getBlockBlobClient(message.target_path),
    recreateContainer: async () => {
      await container.createIfNotExists();
    },
    options: (extraMetadata = {}) => ({
      // Text outputs are written in UTF-8 whatever the source's charset was.
      blobHTTPHeaders: {
        blobContentType: withUtf8Charset(contentTypeFor(message.source_path, message.content_type)),
      },
      metadata: {
        job_id: message.job_id,
        target_language: message.target_language,
        translator: 'batch-translator',
        provider: deps.translator.name,
        ...(sourceEtag ? { source_etag: sourceEtag.replace(/"/g, '') } : {}),
        ...extraMetadata,
      },
    }),
  };
}

/** Runs a write; if the target container is gone, recreates it once and runs the write again. */
export async function writingTo<T>(
  target: Pick<TargetBlob, 'recreateContainer'>,
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await target.recreateContainer();
    return write();
  }
}
