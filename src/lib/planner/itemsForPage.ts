import { usableContentType } from '../limits.js';
import type { ItemRow } from '../tracker/entities.js';
import type { Job } from '../tracker/jobRecord.js';
import { itemKeyOf, itemRow, ITEM_PREFIX } from '../tracker/keys.js';
import type { TranslateItemMessage } from '../messages.js';
import type { ListedBlob } from './listSourcePage.js';

/** Outputs keep the full source name under the language folder, so equal file names never collide. */
export const targetPathOf = (language: string, sourcePath: string): string => `${language}/${sourcePath}`;

export function itemRowsFor(
  jobId: string,
  page: number,
  blobs: readonly ListedBlob[],
  languages: readonly string[],
): ItemRow[] {
  const rows: ItemRow[] = [];
  for (const blob of blobs) {
    const contentType = usableContentType(blob.contentType);
    for (const language of languages) {
      rows.push({
        partitionKey: jobId,
        rowKey: itemRow(itemKeyOf(page, blob.name, language)),
        source_path: blob.name,
        target_language: language,
        target_path: targetPathOf(language, blob.name),
        page,
        size: blob.size,
        ...(contentType ? { content_type: contentType } : {}),
      });
    }
  }
  return rows;
}

export function messageFor(
  job: Pick<Job, 'partitionKey' | 'source_container' | 'target_container' | 'source_language'>,
  row: ItemRow,
  /** Languages the segment memory held no map of this container in (languagesWithoutMemory). */
  noMemory?: ReadonlySet<string>,
): TranslateItemMessage {
  return {
    kind: 'translate',
    job_id: job.partitionKey,
    item_key: row.rowKey.slice(ITEM_PREFIX.length),
    source_container: job.source_container,
    source_path: row.source_path,
    target_container: job.target_container,
    target_path: row.target_path,
    target_language: row.target_language,
    ...(job.source_language ? { source_language: job.source_language } : {}),
    ...(usableContentType(row.content_type) ? { content_type: row.content_type } : {}),
    size: row.size,
    ...(noMemory?.has(row.target_language) ? { memory_empty: true as const } : {}),
  };
}
