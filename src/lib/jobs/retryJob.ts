import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ConflictError, ValidationError } from '../errors.js';
import type { RetryMessage } from '../messages.js';
import type { Services } from '../services.js';
import { encodeMessage } from '../storage/messageCodec.js';
import { MAX_RETRY_ROUNDS } from '../tracker/keys.js';
import type { Tracker } from '../tracker/tracker.js';
import { jobNotFound } from './getJob.js';
import { parseJobId } from './jobId.js';
import { toJobStatusBody, type JobStatusBody } from './jobStatusBody.js';

const retryRequestSchema = z.object({ include_cancelled: z.boolean().optional() }).strict();

/** The optional body of a retry request; an absent or empty body retries failed files only. */
export function parseRetryRequest(body: unknown): { includeCancelled: boolean } {
  if (body === undefined) return { includeCancelled: false };
  const parsed = retryRequestSchema.safeParse(body);
  if (!parsed.success) {
    const details = parsed.error.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => ({ field: key, message: 'is not a known field' }))
        : [{ field: issue.path.join('.') || '(body)', message: issue.message }],
    );
    throw new ValidationError(
      `Invalid retry request: ${details.map((d) => `${d.field}: ${d.message}`).join('; ')}`,
      details,
    );
  }
  return { includeCancelled: parsed.data.include_cancelled === true };
}

type RetryDeps = Pick<Services, 'planQueue'> & {
  tracker: Pick<Tracker, 'reopenForRetry' | 'readSnapshot'>;
};

/**
 * `POST /api/jobs/{id}/retry`: once a job has ended, queues its failed files (and cancelled ones with
 * `include_cancelled`) again as a new retry round. The job goes back to `processing`, its counts move as the
 * files are re-queued (failed → processing) and recorded (→ succeeded or failed), and it closes, and notifies
 * its callback_url, again. A request while the same round is still queueing its files joins it (same answer,
 * the round's message sent again, so a round whose first message was lost still runs); once queued, the job
 * is simply not finished (409 `job_not_terminal`).
 */
export async function retryJob(
  deps: RetryDeps,
  rawJobId: string | undefined,
  request: { includeCancelled: boolean },
): Promise<JobStatusBody> {
  const jobId = parseJobId(rawJobId);
  const reopening = await deps.tracker.reopenForRetry(jobId, request.includeCancelled);
  switch (reopening.kind) {
    case 'not_found':
      throw jobNotFound(jobId);
    case 'durable':
      throw new ConflictError(
        'retry_unsupported_in_durable_mode',
        `Job ${jobId} ran in durable mode, whose orchestration has ended and is not restarted; retrying failed files is available for queue-mode jobs. Submit the job again: files already translated are reused from the cache at no charge.`,
      );
    case 'nothing_to_retry':
      throw new ConflictError(
        'nothing_to_retry',
        `Job ${jobId} ended ${reopening.job.status} with no failed files${request.includeCancelled ? ' or cancelled ones' : ' (cancelled files are retried with "include_cancelled": true)'}.`,
      );
    case 'too_many_rounds':
      throw new ConflictError(
        'too_many_retries',
        `Job ${jobId} was already retried ${MAX_RETRY_ROUNDS} times; submit it again instead.`,
      );
    case 'not_terminal':
      if (!reopening.retrying)
        throw new ConflictError(
          'job_not_terminal',
          `Job ${jobId} is still ${reopening.job.status}; failed files can be retried once it has ended.`,
        );
      break;
    case 'reopened':
      break;
  }
  const message: RetryMessage = {
    kind: 'retry',
    job_id: jobId,
    round: reopening.job.retry_round ?? 1,
    token: randomUUID(),
  };
  await deps.planQueue.sendMessage(encodeMessage(message));
  const snapshot = await deps.tracker.readSnapshot(jobId);
  if (!snapshot) throw jobNotFound(jobId);
  return toJobStatusBody(snapshot);
}
