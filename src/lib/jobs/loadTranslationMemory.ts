import type { BlobServiceClient } from '@azure/storage-blob';
import { ValidationError, isNotFound } from '../errors.js';
import { TmxError, decodeTmx, parseTmx } from '../tmx/parseTmx.js';
import { buildTmxIndex } from '../tmx/tmxIndex.js';
import { writeTmxIndex } from '../tmx/tmxIndexStore.js';
import type { JobRequest } from './jobRequest.js';

/**
 * The largest TMX file a job may name. It is read and parsed while the submission waits, and each worker
 * process holds the job's share of it in memory.
 */
export const MAX_TRANSLATION_MEMORY_BYTES = 16 * 1024 * 1024;

const FIELD = 'translation_memory_blob';

async function readTmxBlob(blobs: BlobServiceClient, container: string, path: string): Promise<Buffer> {
  const blob = blobs.getContainerClient(container).getBlobClient(path);
  try {
    const properties = await blob.getProperties();
    const size = properties.contentLength ?? 0;
    if (size > MAX_TRANSLATION_MEMORY_BYTES) {
      throw new ValidationError(
        `${FIELD} "${path}" is ${size} bytes; the limit is ${MAX_TRANSLATION_MEMORY_BYTES} (16 MiB). Keep only the language pairs this job needs.`,
        [{ field: FIELD, message: 'file too large' }],
        'translation_memory_too_large',
      );
    }
    return await blob.downloadToBuffer();
  } catch (error) {
    if (isNotFound(error)) {
      throw new ValidationError(
        `${FIELD} "${path}" does not exist in source_container "${container}".`,
        [{ field: FIELD, message: 'blob not found' }],
        'translation_memory_blob_not_found',
      );
    }
    throw error;
  }
}

export interface LoadedTranslationMemory {
  /** The index's blob name in the memory container. */
  index: string;
  /** Source → translation pairs kept for the job's languages. */
  pairs: number;
}

/**
 * The job's TMX file, read once at submission: parsed, reduced to the job's language pairs and stored as an
 * exact-match index the workers read (see tmxIndexStore.ts). A file that cannot be used, or that holds no
 * pair for the job's languages, is refused with a 400 saying why.
 */
export async function loadTranslationMemory(
  blobs: BlobServiceClient,
  memoryContainer: string,
  request: JobRequest,
): Promise<LoadedTranslationMemory | undefined> {
  const path = request.translationMemoryBlob;
  if (!path) return undefined;
  const bytes = await readTmxBlob(blobs, request.sourceContainer, path);
  let built;
  try {
    built = buildTmxIndex(parseTmx(decodeTmx(bytes)), {
      targetLanguages: request.targetLanguages,
      ...(request.sourceLanguage ? { sourceLanguage: request.sourceLanguage } : {}),
    });
  } catch (error) {
    if (!(error instanceof TmxError)) throw error;
    throw new ValidationError(
      `${FIELD} "${path}" cannot be used: ${error.message}.`,
      [{ field: FIELD, message: error.message }],
      error.reason === 'dtd' ? 'translation_memory_dtd' : 'translation_memory_invalid',
    );
  }
  if (built.pairs === 0) {
    const from = request.sourceLanguage ?? "the TMX's srclang";
    throw new ValidationError(
      `${FIELD} "${path}" has no translation unit from ${from} into ${request.targetLanguages.join(', ')}.`,
      [{ field: FIELD, message: 'no translation unit for the job languages' }],
      'translation_memory_no_pairs',
    );
  }
  const index = await writeTmxIndex(blobs.getContainerClient(memoryContainer), built.file);
  return { index, pairs: built.pairs };
}
