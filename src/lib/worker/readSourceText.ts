import type { BlobServiceClient } from '@azure/storage-blob';
import { PermanentItemError, isNotFound } from '../errors.js';

export interface SourceText {
  text: string;
  etag?: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** One GET (no separate properties call); refuses oversize blobs from the response headers. */
export async function readSourceText(
  blobs: BlobServiceClient,
  container: string,
  path: string,
  maxBytes: number,
): Promise<SourceText> {
  const blob = blobs.getContainerClient(container).getBlobClient(path);
  let response;
  try {
    response = await blob.download();
  } catch (error) {
    if (isNotFound(error)) {
      throw new PermanentItemError(
        'source_not_found',
        `Source blob "${container}/${path}" no longer exists.`,
      );
    }
    throw error;
  }
  const length = response.contentLength ?? 0;
  const stream = response.readableStreamBody;
  if (length > maxBytes) {
    stream?.resume();
    throw new PermanentItemError(
      'file_too_large',
      `The file is ${length} bytes; the limit is ${maxBytes} bytes.`,
    );
  }
  const chunks: Buffer[] = [];
  if (stream) for await (const chunk of stream) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new PermanentItemError('invalid_encoding', 'The file is not valid UTF-8 text.');
  }
  return { text, ...(response.etag ? { etag: response.etag } : {}) };
}
