import pLimit from 'p-limit';
import { blobNameProblem } from '../limits.js';
import type { Logger } from '../logger.js';
import type { Counts, ItemRow } from '../tracker/entities.js';
import type { Job } from '../tracker/jobRecord.js';
import { outcomeColumns } from '../tracker/outcomeColumns.js';
import { decideOutcome, type DecideDeps } from '../worker/decideOutcome.js';
import { messageFor } from './itemsForPage.js';
import { languagesWithoutMemory } from './languagesWithoutMemory.js';

export type MeasurePageDeps = DecideDeps;

export interface MeasuredPage {
  /** The page's rows, those measured carrying their outcome. */
  rows: ItemRow[];
  /** What the measured rows add to the job's counts, recorded with the page's count in one transaction. */
  settled: Counts;
}

/**
 * A dry run's page is measured by the planner before its rows are written: each item is decided exactly as
 * a worker would decide it (same route, read, parse, cache check and failure fates), and its outcome rides
 * the item row the planner writes anyway, counted with the page. So a measured item costs no queue message,
 * receive or delete, no done marker and no outcome transaction: only what reading the file needs. An item
 * whose measurement fails transiently, or that cannot run at all, is left unsettled for the planner to hand
 * on like any planned item.
 */
export async function measurePage(
  deps: MeasurePageDeps,
  job: Job,
  rows: readonly ItemRow[],
  logger?: Logger,
): Promise<MeasuredPage> {
  const limit = pLimit(deps.config.plannerEstimateConcurrency);
  const settled: Counts = { succeeded: 0, failed: 0, cancelled: 0, characters: 0 };
  const at = deps.now().toISOString();
  // A dry run writes no map, so each page asks afresh.
  const noMemory = await languagesWithoutMemory(deps, job.source_container, job.target_languages);
  const measured = await Promise.all(
    rows.map((row) =>
      limit(async (): Promise<ItemRow> => {
        if (row.status || blobNameProblem(row.target_path)) return row;
        try {
          const message = messageFor(job, row, noMemory);
          const decision = await decideOutcome(deps, job, message, { number: 1 });
          if (decision.kind !== 'outcome') return row;
          const { outcome, internalError } = decision;
          if (internalError)
            logger?.error(
              `An internal error stopped a dry run's item of job ${job.partitionKey}`,
              internalError,
            );
          settled[outcome.status] += 1;
          settled.characters += outcome.charactersCharged;
          return { ...row, ...outcomeColumns(outcome, at) };
        } catch (error) {
          logger?.warn(
            `Dry run: ${row.source_path} (${row.target_language}) goes to a worker after: ${String(error)}`,
          );
          return row;
        }
      }),
    ),
  );
  return { rows: measured, settled };
}
