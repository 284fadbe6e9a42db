import type { TableClient } from '@azure/data-tables';
import { JOB_ROW } from './keys.js';
import { updateJobRow } from './updateJobRow.js';

/**
 * Who hands a new job on to its processing mode (the plan message, or the durable orchestration's start), so
 * that a job is handed on once however many Idempotency-Key replays arrive. The submission that creates the
 * job holds the claim from the start (`handoff_claimed_at` = its creation time) and records `handed_off_at`
 * when done. A replay may take the claim over only when it is released (the first attempt failed and said
 * so) or stale (the first attempt died without a word).
 */

/** A released claim: older than any grace period. */
const RELEASED = new Date(0).toISOString();

/** True when this call took the hand-off over; false when the job is handed on or its claim is live. */
export async function claimHandoff(
  table: TableClient,
  jobId: string,
  at: string,
  staleBefore: string,
): Promise<boolean> {
  let claimed = false;
  await updateJobRow(table, jobId, (job) => {
    claimed = false; // this callback runs again after an ETag conflict
    if (job.status !== 'queued' || job.handed_off_at) return undefined;
    if ((job.handoff_claimed_at || job.created_at) >= staleBefore) return undefined;
    claimed = true;
    return { handoff_claimed_at: at };
  });
  return claimed;
}

export async function recordHandoff(table: TableClient, jobId: string, at: string): Promise<void> {
  await table.updateEntity({ partitionKey: jobId, rowKey: JOB_ROW, handed_off_at: at }, 'Merge');
}

/** The claimant failed to hand the job on: the next replay may try at once. */
export async function releaseHandoff(table: TableClient, jobId: string): Promise<void> {
  await table.updateEntity({ partitionKey: jobId, rowKey: JOB_ROW, handoff_claimed_at: RELEASED }, 'Merge');
}
