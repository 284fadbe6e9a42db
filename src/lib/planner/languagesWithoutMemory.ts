import { holdsSegmentMaps } from '../memory/holdsSegmentMaps.js';
import type { Services } from '../services.js';
import type { ItemRow } from '../tracker/entities.js';

/**
 * The target languages of these rows for which the segment memory holds no map of the source container:
 * one listing per language and page instead of one map read per item, which a container's first run (or
 * first estimate) would otherwise spend on every file for nothing. Items of these languages are sent with
 * `memory_empty` (see messageFor).
 */
export async function languagesWithoutMemory(
  deps: Pick<Services, 'config' | 'storage'>,
  sourceContainer: string,
  rows: readonly ItemRow[],
): Promise<ReadonlySet<string>> {
  const { memory } = deps.config;
  if (!memory.enabled || rows.length === 0) return new Set();
  const container = deps.storage.blobs.getContainerClient(memory.container);
  const languages = [...new Set(rows.map((row) => row.target_language))];
  const held = await Promise.all(
    languages.map((language) => holdsSegmentMaps(container, sourceContainer, language)),
  );
  return new Set(languages.filter((_, i) => !held[i]));
}
