import type { TableClient } from '@azure/data-tables';
import { isPreconditionFailed } from '../errors.js';
import { isTerminal, sumShards } from './entities.js';
import type { Job } from './jobRecord.js';
import { JOB_ROW, MAX_RETRY_ROUNDS } from './keys.js';
import { readJobSnapshot } from './readJobSnapshot.js';
import { syncIndexRow } from './syncIndexRow.js';
import type { JobChange } from './updateJobRow.js';

/** What asking for a retry found; only `reopened` changed anything. */
export type RetryReopening =
  | { kind: 'not_found' }
  /** `retrying`: this is the round still queueing its items (a repeated request joins it). */
  | { kind: 'not_terminal'; job: Job; retrying: boolean }
  | { kind: 'durable'; job: Job }
  | { kind: 'nothing_to_retry'; job: Job }
  | { kind: 'too_many_rounds'; job: Job }
  | { kind: 'reopened'; job: Job };

/**
 * Re-opens a terminal job for retry round `retry_round + 1`: status back to processing, and the close-time
 * fields (completion, the all-failed error, the cancel flag, the webhook's bookkeeping) cleared so the job can
 * close, and notify, again. One ETag update: of concurrent requests exactly one re-opens; the others then see
 * a job that is not terminal. `retrying` keeps the job open until every failed item is queued again.
 */
export async function reopenForRetry(
  table: TableClient,
  jobId: string,
  includeCancelled: boolean,
  at: string,
): Promise<RetryReopening> {
  for (let attempt = 1; attempt <= 20; attempt++) {
    const snapshot = await readJobSnapshot(table, jobId);
    if (!snapshot) return { kind: 'not_found' };
    const { job } = snapshot;
    if (!isTerminal(job.status)) return { kind: 'not_terminal', job, retrying: job.retrying === true };
    if (job.mode === 'durable') return { kind: 'durable', job };
    const counts = sumShards(snapshot.shards);
    if (counts.failed + (includeCancelled ? counts.cancelled : 0) === 0)
      return { kind: 'nothing_to_retry', job };
    const round = (job.retry_round ?? 0) + 1;
    if (round > MAX_RETRY_ROUNDS) return { kind: 'too_many_rounds', job };
    const change: JobChange = {
      status: 'processing',
      retry_round: round,
      retrying: true,
      retry_cursor: '',
      retry_waiting_by: '',
      retry_pending_by: '',
      retry_include_cancelled: includeCancelled,
      updated_at: at,
      completed_at: '',
      cancel_requested: false,
      cancel_requested_at: '',
      callback_queued_at: '',
      callback_delivered_at: '',
      callback_error: '',
      // A job that failed because every file failed may now succeed; a planning error stays (its files were
      // never listed, so no retry can bring them back).
      ...(job.error_code === 'all_files_failed' ? { error_code: '', error_message: '' } : {}),
    };
    try {
      await table.updateEntity({ partitionKey: jobId, rowKey: JOB_ROW, ...change }, 'Merge', {
        etag: job.etag,
      });
    } catch (error) {
      if (isPreconditionFailed(error)) continue;
      throw error;
    }
    const reopened: Job = { ...job, ...change };
    await syncIndexRow(table, reopened);
    return { kind: 'reopened', job: reopened };
  }
  throw new Error(`Could not re-open job ${jobId}: too many concurrent updates`); // transient: retried
}
