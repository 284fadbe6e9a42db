import type { ItemOutcomeStatus } from '../tracker/entities.js';
import type { Job } from '../tracker/jobRecord.js';
import { ITEM_PREFIX } from '../tracker/keys.js';
import type { Tracker } from '../tracker/tracker.js';

/**
 * Records every item of one planner page that has no outcome yet with the same outcome, through the
 * recorder, so each is counted once even if a worker records it concurrently. Returns how many it recorded.
 */
export async function recordUnsettledItemsOfPage(
  deps: { tracker: Pick<Tracker, 'itemsOfPage' | 'record'> },
  job: Pick<Job, 'partitionKey' | 'shards'>,
  page: number,
  outcome: { status: Exclude<ItemOutcomeStatus, 'succeeded'>; error: { code: string; message: string } },
): Promise<number> {
  const rows = await deps.tracker.itemsOfPage(job.partitionKey, page);
  const results = await Promise.all(
    rows
      .filter((row) => !row.status)
      .map((row) =>
        deps.tracker.record({
          jobId: job.partitionKey,
          shards: job.shards,
          itemKey: row.rowKey.slice(ITEM_PREFIX.length),
          status: outcome.status,
          error: outcome.error,
          charactersCharged: 0,
          attempts: row.attempts ?? 0,
        }),
      ),
  );
  return results.filter((result) => result === 'recorded').length;
}
