import { ConflictError, isNotFound } from '../errors.js';
import type { JobOrchestrations } from '../durable/jobOrchestrations.js';
import type { Services } from '../services.js';
import { isTerminal } from '../tracker/entities.js';
import { readJobSnapshot } from '../tracker/readJobSnapshot.js';
import { updateJobRow } from '../tracker/updateJobRow.js';
import { jobNotFound } from './getJob.js';
import { parseJobId } from './jobId.js';
import { toJobStatusBody, type JobStatusBody } from './jobStatusBody.js';

/**
 * Requests cancellation. Workers then record each remaining item as cancelled without translating it, the
 * planner stops listing, and the job closes as `cancelled` once every item is counted, so the counts still
 * add up. Outputs already written stay. Cancelling a cancelled job is a no-op; a finished one is a 409.
 * A durable job's orchestration is also sent the cancel event, so it schedules nothing more and counts the
 * rest of its page cancelled; the flag alone would stop it too, item by item.
 */
export async function cancelJob(
  services: Services,
  rawJobId: string | undefined,
  orchestrations?: JobOrchestrations,
): Promise<JobStatusBody> {
  const jobId = parseJobId(rawJobId);
  const at = services.now().toISOString();
  let finished: string | undefined;
  let durable = false;
  try {
    await updateJobRow(services.jobs, jobId, (job) => {
      durable = job.mode === 'durable' && !isTerminal(job.status);
      if (job.status === 'cancelled' || job.cancel_requested) return undefined;
      if (isTerminal(job.status)) {
        finished = job.status;
        return undefined;
      }
      return { cancel_requested: true, cancel_requested_at: at, updated_at: at };
    });
  } catch (error) {
    if (isNotFound(error)) throw jobNotFound(jobId);
    throw error;
  }
  if (finished)
    throw new ConflictError('job_finished', `Job ${jobId} already ended with status ${finished}.`);
  if (durable) await orchestrations?.signalCancel(jobId);
  const snapshot = (await services.closeJob(jobId)) ?? (await readJobSnapshot(services.jobs, jobId));
  if (!snapshot) throw jobNotFound(jobId);
  return toJobStatusBody(snapshot);
}
