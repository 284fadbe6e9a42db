import type { ContainerClient } from '@azure/storage-blob';
import { isNotFound } from '../errors.js';
import { segmentMapPrefix } from './segmentMap.js';

/**
 * Whether the memory holds any map for this source container and language: one listing of at most one
 * name, so a page of files the memory has never seen is known to have no maps without a read per file.
 * A memory container that does not exist (cleared while the app runs) holds none.
 */
export async function holdsSegmentMaps(
  memory: ContainerClient,
  sourceContainer: string,
  targetLanguage: string,
): Promise<boolean> {
  try {
    const pages = memory
      .listBlobsFlat({ prefix: segmentMapPrefix(sourceContainer, targetLanguage) })
      .byPage({ maxPageSize: 1 });
    const first = await pages.next();
    return !first.done && first.value.segment.blobItems.length > 0;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}
