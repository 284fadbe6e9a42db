import type { ItemRow } from '../tracker/entities.js';
import type { Job } from '../tracker/jobRecord.js';
import { ITEM_PREFIX } from '../tracker/keys.js';
import type { Tracker } from '../tracker/tracker.js';

/** Azure Storage's limits on a blob name: its length, and how many `/`-separated segments it may have. */
export const MAX_BLOB_NAME_CHARS = 1024;
export const MAX_BLOB_NAME_SEGMENTS = 254;

/** Why `path` cannot name a blob, or undefined when it can. */
export function blobNameProblem(path: string): string | undefined {
  if (path.length > MAX_BLOB_NAME_CHARS) {
    return `The output name "${path.slice(0, 60)}…" would be ${path.length} characters; blob names may have at most ${MAX_BLOB_NAME_CHARS}.`;
  }
  const segments = path.split('/').length;
  if (segments > MAX_BLOB_NAME_SEGMENTS) {
    return `The output name would have ${segments} path segments; blob names may have at most ${MAX_BLOB_NAME_SEGMENTS}.`;
  }
  return undefined;
}

/**
 * Items that can never run (their output name is not a valid blob name) are recorded failed at planning
 * time, each once, instead of being sent to a worker that could only refuse them. Returns the others.
 */
export async function settleUnplannableItems(
  deps: { tracker: Pick<Tracker, 'record'> },
  job: Pick<Job, 'partitionKey' | 'shards'>,
  rows: readonly ItemRow[],
): Promise<ItemRow[]> {
  const runnable: ItemRow[] = [];
  await Promise.all(
    rows.map(async (row) => {
      const problem = blobNameProblem(row.target_path);
      if (!problem) {
        runnable.push(row);
        return;
      }
      await deps.tracker.record({
        jobId: job.partitionKey,
        shards: job.shards,
        itemKey: row.rowKey.slice(ITEM_PREFIX.length),
        status: 'failed',
        error: { code: 'target_name_too_long', message: problem },
        charactersCharged: 0,
        attempts: 0,
      });
    }),
  );
  return runnable;
}
