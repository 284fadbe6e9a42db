import type { BlobServiceClient } from '@azure/storage-blob';
import { PermanentItemError, isNotFound } from '../errors.js';
import type { SizeLimit } from './translateItem.js';

/** A source blob opened for reading (its listing counterpart is the planner's ListedBlob). */
export interface SourceBlob {
  etag?: string;
  contentLength: number;
  /** The body, read once; nothing is buffered until the caller reads it. */
  body: AsyncIterable<Buffer>;
  /** Abandons the body unread (its connection is closed rather than drained). */
  cancel(): void;
}

/**
 * One GET that streams. An oversize blob is refused from the response headers, before its body is read, so
 * a file over the limit never costs its download.
 */
export async function openSourceBlob(
  blobs: BlobServiceClient,
  source: { container: string; path: string; limit: SizeLimit },
  /** Pin the read to this version: a blob changed since fails with 412, which is transient (retried). */
  ifMatch?: string,
): Promise<SourceBlob> {
  let response;
  try {
    response = await blobs
      .getContainerClient(source.container)
      .getBlobClient(source.path)
      .download(0, undefined, ifMatch ? { conditions: { ifMatch } } : {});
  } catch (error) {
    if (isNotFound(error)) {
      throw new PermanentItemError(
        'source_not_found',
        `Source blob "${source.container}/${source.path}" no longer exists.`,
      );
    }
    throw error;
  }
  const contentLength = response.contentLength ?? 0;
  const stream = response.readableStreamBody as
    (NodeJS.ReadableStream & { destroy?: () => void }) | undefined;
  try {
    source.limit.check(contentLength);
  } catch (error) {
    stream?.destroy?.();
    throw error;
  }
  async function* body(): AsyncGenerator<Buffer> {
    if (stream) for await (const chunk of stream) yield chunk as Buffer;
  }
  return {
    contentLength,
    body: body(),
    cancel: () => stream?.destroy?.(),
    ...(response.etag ? { etag: response.etag } : {}),
  };
}

/** The whole body as one buffer: for small files and binary documents, which are sent whole anyway. */
export async function readAll(body: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks);
}
