import type { TableClient } from '@azure/data-tables';
import type { Job } from './jobRecord.js';
import { updateJobRow } from './updateJobRow.js';

/**
 * A retry round's listing moves past a page (`nextCursor`), or ends (no cursor: `retrying` cleared, so the job
 * may close). Only the round that is still listing is changed; a stale message of an older round or a
 * duplicate that got here first changes nothing. The job as it now stands.
 */
export async function advanceRetry(
  table: TableClient,
  jobId: string,
  round: number,
  nextCursor: string | undefined,
  at: string,
): Promise<Job | undefined> {
  return updateJobRow(table, jobId, (job) =>
    job.retry_round !== round || !job.retrying
      ? undefined
      : nextCursor
        ? { retry_cursor: nextCursor, retry_waiting_by: '', updated_at: at }
        : { retrying: false, retry_cursor: '', retry_waiting_by: '', updated_at: at },
  );
}
