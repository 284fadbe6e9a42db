import type { ItemRow } from '../tracker/entities.js';
import type { Job } from '../tracker/jobRecord.js';
import { ITEM_PREFIX } from '../tracker/keys.js';
import type { Tracker } from '../tracker/tracker.js';
import { CANCELLED_ITEM_ERROR } from '../worker/settleItem.js';

export type CancelUnsentDeps = { tracker: Pick<Tracker, 'listItems' | 'record'> };

const LIST_BATCH = 1000;

/** Pages already added to `total`: those the cursor moved past, and the one counted but not yet handed on. */
const isCounted = (job: Pick<Job, 'plan_page' | 'pending_page'>, row: Pick<ItemRow, 'page'>): boolean =>
  row.page < job.plan_page ||
  (job.pending_page !== undefined && job.pending_page >= 0 && row.page === job.pending_page);

/**
 * Cancellation must not wait for messages that may never arrive (lost, dropped, or stuck behind a broken
 * host): every item of a counted page that has no outcome yet is recorded `cancelled`, through the recorder,
 * so one that a worker settles at the same moment is still counted once. Call it once planning has stopped,
 * so no page is counted after it looked. Returns how many this call recorded.
 */
export async function cancelUnsentItems(
  deps: CancelUnsentDeps,
  job: Pick<Job, 'partitionKey' | 'shards' | 'plan_page' | 'pending_page'>,
): Promise<number> {
  let recorded = 0;
  let continuation: string | undefined;
  do {
    const page = await deps.tracker.listItems(job.partitionKey, {
      status: 'queued',
      limit: LIST_BATCH,
      ...(continuation ? { continuation } : {}),
    });
    const results = await Promise.all(
      page.items
        .filter((row) => !row.status && isCounted(job, row))
        .map((row) =>
          deps.tracker.record({
            jobId: job.partitionKey,
            shards: job.shards,
            itemKey: row.rowKey.slice(ITEM_PREFIX.length),
            status: 'cancelled',
            error: { ...CANCELLED_ITEM_ERROR },
            charactersCharged: 0,
            attempts: row.attempts ?? 0,
          }),
        ),
    );
    recorded += results.filter((result) => result === 'recorded').length;
    continuation = page.continuation;
  } while (continuation);
  return recorded;
}
