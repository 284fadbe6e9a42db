import { translateItemMessageSchema, type TranslateItemMessage } from '../messages.js';
import { isTerminal } from '../tracker/entities.js';
import type { ItemOutcome, RecordResult } from '../tracker/outcomeRecorder.js';
import type { Tracker } from '../tracker/tracker.js';
import type { ItemInFlight } from '../tracker/completionChecker.js';
import type { Job } from '../tracker/jobRecord.js';
import { settleInvalidMessage } from './recordInvalidMessage.js';
import { decideOutcome, type Attempt } from './decideOutcome.js';

export { CANCELLED_ITEM_ERROR, type Attempt } from './decideOutcome.js';
import type { ItemDeps } from './translateItem.js';

export type WorkerDeps = ItemDeps & {
  tracker: Pick<
    Tracker,
    | 'cachedJob'
    | 'readJob'
    | 'record'
    | 'checkCompletion'
    | 'startItem'
    | 'recordAttemptError'
    | 'readItem'
    | 'reserveCharacters'
    | 'settleCharacters'
  >;
};

export type Settlement =
  | { kind: 'invalid_message'; reason: string }
  | { kind: 'unknown_job'; jobId: string }
  | { kind: 'job_already_finished'; jobId: string }
  | { kind: 'deferred'; jobId: string; delaySeconds: number; reason: string }
  | {
      kind: 'recorded';
      jobId: string;
      status: ItemOutcome['status'];
      result: RecordResult;
      errorCode?: string;
      /** What this attempt charged (0 for failures and cancellations). */
      charactersCharged: number;
      /** A bug stopped the item: logged with its stack by the caller. */
      internalError?: Error;
    };

/**
 * The worker's whole job for one (file, language), in both modes: the queue trigger and the durable item
 * activity call it alike. The attempt's outcome is decided by `decideOutcome` (every failure through `fateOf`
 * once), then recorded exactly once; retry-later waits (queue mode re-enqueues the message; the total wait is
 * bounded), and transient failures are thrown for the host (or the activity's retry policy) to retry.
 */
export async function settleItem(deps: WorkerDeps, body: unknown, attempt: Attempt): Promise<Settlement> {
  const parsed = translateItemMessageSchema.safeParse(body);
  if (!parsed.success) {
    const reason = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    return settleInvalidMessage(deps, body, reason, attempt.number);
  }
  const message = parsed.data;
  let job = await deps.tracker.cachedJob(message.job_id);
  // The cache may predate the retry that sent this message (the job looked finished a moment ago): ask again.
  if (job && message.retry_round && (job.retry_round ?? 0) < message.retry_round)
    job = await deps.tracker.readJob(message.job_id);
  if (!job) return { kind: 'unknown_job', jobId: message.job_id };
  if (isTerminal(job.status)) return { kind: 'job_already_finished', jobId: message.job_id };
  const inFlight = deps.tracker.startItem(message.job_id);
  try {
    return await settleForJob(deps, message, job, attempt, inFlight);
  } finally {
    // After a check this does nothing; otherwise the item ends without one and its message comes back.
    inFlight.abandon();
  }
}

async function settleForJob(
  deps: WorkerDeps,
  message: TranslateItemMessage,
  job: Job,
  attempt: Attempt,
  inFlight: ItemInFlight,
): Promise<Settlement> {
  // A redelivery may follow a run that recorded the item but lost its message's delete: the provider must not
  // be paid again. First deliveries skip the read, so the usual item costs nothing more.
  if (attempt.number > 1) {
    const item = await deps.tracker.readItem(message.job_id, message.item_key);
    if (item?.status) {
      await inFlight.checkCompletion();
      return {
        kind: 'recorded',
        jobId: message.job_id,
        status: item.status,
        result: 'duplicate',
        ...(item.error_code ? { errorCode: item.error_code } : {}),
        charactersCharged: 0,
      };
    }
  }

  const decision = await decideOutcome(deps, job, message, attempt);
  if (decision.kind === 'deferred') return { ...decision, jobId: message.job_id };
  const { outcome, internalError } = decision;
  const result = await deps.tracker.record(outcome);
  await inFlight.checkCompletion();
  return {
    kind: 'recorded',
    jobId: message.job_id,
    status: outcome.status,
    result,
    ...(outcome.error ? { errorCode: outcome.error.code } : {}),
    charactersCharged: outcome.charactersCharged,
    ...(internalError ? { internalError } : {}),
  };
}
