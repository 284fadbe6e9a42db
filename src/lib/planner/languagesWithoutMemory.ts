import { holdsSegmentMaps } from '../memory/holdsSegmentMaps.js';
import type { Services } from '../services.js';

/**
 * The target languages for which the segment memory holds no map of the source container: one listing per
 * language instead of one map read per item, which a container's first run (or first estimate) would
 * otherwise spend on every file for nothing. Items of these languages are sent with `memory_empty` (see
 * messageFor).
 */
export async function languagesWithoutMemory(
  deps: Pick<Services, 'config' | 'storage'>,
  sourceContainer: string,
  targetLanguages: readonly string[],
): Promise<ReadonlySet<string>> {
  const { memory } = deps.config;
  if (!memory.enabled) return new Set();
  const container = deps.storage.blobs.getContainerClient(memory.container);
  const languages = [...new Set(targetLanguages)];
  const held = await Promise.all(
    languages.map((language) => holdsSegmentMaps(container, sourceContainer, language)),
  );
  return new Set(languages.filter((_, i) => !held[i]));
}
