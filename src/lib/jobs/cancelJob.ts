import { ConflictError } from '../errors.js';
import type { PlanMessage } from '../messages.js';
import type { Services } from '../services.js';
import { encodeMessage } from '../storage/messageCodec.js';
import type { JobOrchestrations } from '../durable/jobOrchestrations.js';
import { isTerminal } from '../tracker/entities.js';
import type { Tracker } from '../tracker/tracker.js';
import { jobNotFound } from './getJob.js';
import { parseJobId } from './jobId.js';
import { toJobStatusBody, type JobStatusBody } from './jobStatusBody.js';

/**
 * Requests cancellation. Workers then record each remaining item as cancelled without translating it, the
 * planner stops listing, and the job closes as `cancelled` once every item is counted, so the counts still
 * add up. In queue mode a sweep follows CANCEL_GRACE_SECONDS later and counts cancelled the items no
 * message settled by then, so a job whose messages never arrive still ends. Outputs already written stay. Cancelling a cancelled job is a no-op; a finished one is a 409.
 * A durable job's orchestration is also sent the cancel event, so it schedules nothing more and counts the
 * rest of its page cancelled; the flag alone would stop it too, item by item.
 */
export async function cancelJob(
  deps: Pick<Services, 'config' | 'planQueue'> & {
    tracker: Pick<Tracker, 'requestCancel' | 'closeJob' | 'readSnapshot'>;
  },
  rawJobId: string | undefined,
  orchestrations?: JobOrchestrations,
): Promise<JobStatusBody> {
  const jobId = parseJobId(rawJobId);
  const request = await deps.tracker.requestCancel(jobId);
  if (!request) throw jobNotFound(jobId);
  const { job } = request;
  if (!job.cancel_requested && isTerminal(job.status) && job.status !== 'cancelled') {
    throw new ConflictError('job_finished', `Job ${jobId} already ended with status ${job.status}.`);
  }
  if (job.mode === 'durable' && !isTerminal(job.status)) await orchestrations?.signalCancel(jobId);
  // Durable items are activities, never lost; the orchestration counts the rest itself (cancelRestActivity).
  if (job.mode !== 'durable' && !isTerminal(job.status)) {
    const sweep: PlanMessage = { kind: 'plan', job_id: jobId, cancel_sweep: true };
    await deps.planQueue.sendMessage(encodeMessage(sweep), {
      visibilityTimeout: deps.config.cancelGraceSeconds,
    });
  }
  const snapshot = (await deps.tracker.closeJob(jobId)) ?? (await deps.tracker.readSnapshot(jobId));
  if (!snapshot) throw jobNotFound(jobId);
  return toJobStatusBody(snapshot);
}
