import type { TableClient } from '@azure/data-tables';
import type { Job } from './jobRecord.js';
import { syncIndexRow } from './syncIndexRow.js';
import type { Counts } from './entities.js';
import { updateJobRow, type JobChange } from './updateJobRow.js';
import { updateJobRowCounting } from './updateJobRowCounting.js';

export interface PageCount {
  number: number;
  items: number;
  nextCursor?: string;
  owner?: string;
  /** Outcomes the planner already decided for some of the page's items (a dry run's measurements). */
  settled?: Counts;
}

/** `pending_page` when no page is counted-but-unsent. */
export const NO_PAGE = -1;

/**
 * Planning step 1's count: adds a page's items to `total` and marks the page pending, in one ETag update.
 * Undefined when another invocation counted or finished the page first (then nothing changed).
 */
export async function countPage(
  table: TableClient,
  jobId: string,
  page: PageCount,
  at: string,
): Promise<Job | undefined> {
  const change = (current: Job): JobChange | undefined =>
    current.plan_page !== page.number || current.pending_page === page.number || current.planning_done
      ? undefined
      : {
          total: current.total + page.items,
          pending_page: page.number,
          pending_next_cursor: page.nextCursor ?? '',
          pending_by: page.owner ?? '',
          waiting_by: '',
          status: 'processing',
          updated_at: at,
        };
  const settled = page.settled;
  const updated =
    settled && settled.succeeded + settled.failed + settled.cancelled > 0
      ? await updateJobRowCounting(table, jobId, change, settled)
      : await updateJobRow(table, jobId, change);
  if (!updated || updated.plan_page !== page.number || updated.planning_done) return undefined;
  if (page.number === 0) await syncIndexRow(table, { index_row: updated.index_row, status: 'processing' });
  return updated;
}

/** Planning step 3: the cursor moves past `page`; planning is done after the last page. */
export async function advancePlanning(
  table: TableClient,
  jobId: string,
  page: number,
  nextCursor: string | undefined,
  at: string,
): Promise<void> {
  await updateJobRow(table, jobId, (current) =>
    current.plan_page !== page || current.planning_done
      ? undefined
      : {
          plan_page: page + 1,
          plan_cursor: nextCursor ?? '',
          pending_page: NO_PAGE,
          pending_next_cursor: '',
          pending_by: '',
          waiting_by: '',
          planning_done: !nextCursor,
          updated_at: at,
        },
  );
}

/**
 * Planning ends with what was already counted: a cancelled job lists no further pages, and a job whose
 * listing kept failing records why (`error`). True when this call ended it (false: it had already ended).
 */
export async function stopPlanning(
  table: TableClient,
  jobId: string,
  at: string,
  error?: (job: Job) => { code: string; message: string },
): Promise<boolean> {
  let stopped = false;
  await updateJobRow(table, jobId, (job) => {
    if (job.planning_done) return undefined;
    stopped = true;
    const reason = error?.(job);
    // The pending page stays recorded: it was counted, and a cancel sweep must still find its items.
    return {
      planning_done: true,
      ...(reason ? { error_code: reason.code, error_message: reason.message } : {}),
      updated_at: at,
    };
  });
  return stopped;
}
