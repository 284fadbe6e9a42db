import type { TableClient } from '@azure/data-tables';
import { updateJobRow } from './updateJobRow.js';

/**
 * A retry round's listing moves past a page (`nextCursor`), or ends (no cursor: `retrying` cleared, so the job
 * may close). Only the round that is still listing is changed, and with `owner` only while that message owns
 * the page (claimRetryPage); the page is then no one's. False when nothing changed: a stale message of an older
 * round, or one that does not own the page, must not send a successor.
 */
export async function advanceRetry(
  table: TableClient,
  jobId: string,
  round: number,
  nextCursor: string | undefined,
  at: string,
  owner?: string,
): Promise<boolean> {
  let moved = false;
  await updateJobRow(table, jobId, (job) => {
    moved = false;
    if (job.retry_round !== round || !job.retrying) return undefined;
    if (owner !== undefined && (job.retry_pending_by ?? '') !== owner) return undefined;
    moved = true;
    const handedOn = { retry_waiting_by: '', retry_pending_by: '', updated_at: at };
    return nextCursor
      ? { retry_cursor: nextCursor, ...handedOn }
      : { retrying: false, retry_cursor: '', ...handedOn };
  });
  return moved;
}
