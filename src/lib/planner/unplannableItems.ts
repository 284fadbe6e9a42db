import { blobNameProblem } from '../limits.js';
import type { ItemRow } from '../tracker/entities.js';
import type { Job } from '../tracker/jobRecord.js';
import { ITEM_PREFIX } from '../tracker/keys.js';
import type { Tracker } from '../tracker/tracker.js';

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

export { blobNameProblem };
