import pLimit from 'p-limit';
import type { Logger } from '../logger.js';
import type { ItemRow } from '../tracker/entities.js';
import type { Job } from '../tracker/jobRecord.js';
import { settleItem, type WorkerDeps } from '../worker/settleItem.js';
import { messageFor } from './itemsForPage.js';

export type EstimatePageDeps = WorkerDeps & Pick<WorkerDeps, 'config'>;

/**
 * A dry run's page is measured where it was planned: each item goes through the worker's own settlement
 * (same route, read, parse, cache check, fate and exactly-once record) without a queue message per item,
 * which would cost a send, a receive and a delete each and a wait behind every real job's items. Outcomes
 * issued together are recorded in shared transactions by the outcome recorder, and the job's completion is
 * checked once by the planner after its page rather than after each item. An item whose measurement
 * throws (a transient storage error) is returned, to be handed to a worker like any planned item: the queue
 * then gives it the retries and the poison handling every item has.
 */
export async function estimateInPlanner(
  deps: EstimatePageDeps,
  job: Pick<Job, 'partitionKey' | 'source_container' | 'target_container' | 'source_language'>,
  rows: readonly ItemRow[],
  logger?: Logger,
): Promise<ItemRow[]> {
  const limit = pLimit(deps.config.plannerEstimateConcurrency);
  const left: ItemRow[] = [];
  await Promise.all(
    rows.map((row) =>
      limit(async () => {
        try {
          await settleItem(deps, messageFor(job, row), {
            number: 1,
            runnerChecksCompletion: true,
            ...(logger ? { logger } : {}),
          });
        } catch (error) {
          logger?.warn(
            `Dry run: ${row.source_path} (${row.target_language}) goes to a worker after: ${String(error)}`,
          );
          left.push(row);
        }
      }),
    ),
  );
  return left;
}
