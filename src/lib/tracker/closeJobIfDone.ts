import type { TableClient } from '@azure/data-tables';
import { isPreconditionFailed } from '../errors.js';
import { JOB_ROW } from './keys.js';
import { isTerminal, sumShards, type JobStatusValue } from './entities.js';
import type { Job } from './jobRecord.js';
import type { JobChange } from './updateJobRow.js';
import { readJobSnapshot, type JobSnapshot } from './readJobSnapshot.js';
import { summarizeEstimate } from './summarizeEstimate.js';
import { syncIndexRow } from './syncIndexRow.js';
import { appMetrics } from '../telemetry/appMetrics.js';

function finalStatus(job: Job, failed: number, total: number): JobStatusValue {
  if (job.error_code) return 'failed';
  if (job.cancel_requested) return 'cancelled';
  if (total === 0) return 'failed';
  if (total > 0 && failed === total) return 'failed';
  if (job.dry_run) return 'estimated';
  return failed > 0 ? 'completed_with_errors' : 'completed';
}

/** Runs after a job is closed (src/lib/webhooks queues its completion webhook); must be idempotent. */
export type JobClosedHook = (job: Job) => Promise<void>;

/** Counts the job's succeeded outputs that are not where they were written (src/lib/jobs/missingOutputs.ts). */
export type OutputsCheck = (job: Job) => Promise<number>;

/**
 * Closes the job when planning is finished and every item has an outcome. Called by whoever may have
 * recorded the last item (worker, poison handler, planner, cancel), so nothing polls for completion.
 * Safe to call any number of times: the ETag makes exactly one caller win the transition.
 */
export async function closeJobIfDone(
  table: TableClient,
  jobId: string,
  now: () => Date = () => new Date(),
  onClosed?: JobClosedHook,
  checkOutputs?: OutputsCheck,
): Promise<JobSnapshot | undefined> {
  let missing: number | undefined; // checked once, however many ETag retries follow
  for (let attempt = 1; attempt <= 20; attempt++) {
    const snapshot = await readJobSnapshot(table, jobId);
    if (!snapshot) return undefined;
    const { job, shards } = snapshot;
    if (isTerminal(job.status)) {
      // A previous closer may have died between the job row and the index row, or before its hook ran.
      await onClosed?.(job);
      await syncIndexRow(table, job);
      return snapshot;
    }
    const counts = sumShards(shards);
    const processed = counts.succeeded + counts.failed + counts.cancelled;
    if (!job.planning_done || job.retrying || processed < job.total) return snapshot;

    if (checkOutputs && counts.succeeded > 0) missing ??= await checkOutputs(job);
    let status = finalStatus(job, counts.failed, job.total);
    // Every item succeeded, but not every output is there: the job must not claim it completed.
    if (status === 'completed' && missing) status = 'completed_with_errors';
    const at = now().toISOString();
    const fields: JobChange = {
      status,
      completed_at: at,
      updated_at: at,
      ...(checkOutputs ? { outputs_missing: missing ?? 0 } : {}),
    };
    if (status === 'failed' && !job.error_code && job.total === 0) {
      fields.error_code = 'no_source_files';
      fields.error_message = `No files in container "${job.source_container}" matched prefix "${job.prefix ?? ''}"${job.extensions ? ` and extensions ${JSON.stringify(job.extensions)}` : ''}.`;
    } else if (status === 'failed' && !job.error_code) {
      fields.error_code = 'all_files_failed';
      fields.error_message = `All ${job.total} files failed; see /files for each reason.`;
    }
    const estimate =
      status === 'estimated' ? await summarizeEstimate(table, jobId, job.target_languages) : undefined;
    try {
      await table.updateEntity(
        {
          partitionKey: jobId,
          rowKey: JOB_ROW,
          ...fields,
          ...(estimate ? { estimate: JSON.stringify(estimate) } : {}),
        },
        'Merge',
        { etag: job.etag },
      );
    } catch (error) {
      if (isPreconditionFailed(error)) continue;
      throw error;
    }
    const closed = { ...job, ...fields, ...(estimate ? { estimate } : {}) };
    appMetrics.jobClosed(status, job.mode, (Date.parse(at) - Date.parse(job.created_at)) / 1000);
    await onClosed?.(closed);
    await syncIndexRow(table, closed);
    return { job: closed, shards };
  }
  throw new Error(`Could not close job ${jobId}: too many concurrent updates`); // transient: retried
}
