import type { Services } from '../services.js';
import type { ItemOutcomeStatus, JobRow } from '../tracker/entities.js';
import { ITEM_PREFIX } from '../tracker/keys.js';
import { listItemRowsOfPage } from '../tracker/listItemRows.js';

/**
 * Records every item of one planner page that has no outcome yet with the same outcome, through the
 * recorder, so each is counted once even if a worker records it concurrently. Returns how many it recorded.
 */
export async function recordUnsettledItemsOfPage(
  services: Services,
  job: Pick<JobRow, 'partitionKey' | 'shards'>,
  page: number,
  outcome: { status: Exclude<ItemOutcomeStatus, 'succeeded'>; error: { code: string; message: string } },
): Promise<number> {
  const rows = await listItemRowsOfPage(services.jobs, job.partitionKey, page);
  const results = await Promise.all(
    rows
      .filter((row) => !row.status)
      .map((row) =>
        services.recorder.record({
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
