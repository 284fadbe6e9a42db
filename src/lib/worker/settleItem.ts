import { fateOf } from '../fate.js';
import { termRulesFor } from '../glossary/glossary.js';
import type { Logger } from '../logger.js';
import { translateItemMessageSchema, type TranslateItemMessage } from '../messages.js';
import { isTerminal } from '../tracker/entities.js';
import type { ItemOutcome, RecordResult } from '../tracker/outcomeRecorder.js';
import type { Tracker } from '../tracker/tracker.js';
import type { ItemInFlight } from '../tracker/completionChecker.js';
import type { Job } from '../tracker/jobRecord.js';
import { settleInvalidMessage } from './recordInvalidMessage.js';
import { runItem } from './runItem.js';
import type { ItemDeps } from './translateItem.js';
import { appMetrics } from '../telemetry/appMetrics.js';

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

/** How this attempt came to run, and what its runner can do that the item cannot do itself. */
export interface Attempt {
  /** 1 for the first delivery (the host's dequeue count; durable activities cannot know theirs). */
  number: number;
  /** Re-enqueues the message to run after `delaySeconds` (queue mode). Absent: the runner retries (durable). */
  defer?: (message: TranslateItemMessage, delaySeconds: number) => Promise<void>;
  logger?: Logger;
}

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

/** How an item that was never translated because its job was cancelled is recorded, in either mode. */
export const CANCELLED_ITEM_ERROR = {
  code: 'job_cancelled',
  message: 'The job was cancelled before this file was translated.',
} as const;

/** Keeps the attempt's error on the item for /files and the poison handler; a failure to do so is logged. */
async function rememberAttempt(
  deps: WorkerDeps,
  message: TranslateItemMessage,
  attempt: Attempt,
  error: { code: string; message: string },
): Promise<void> {
  try {
    await deps.tracker.recordAttemptError(message.job_id, message.item_key, attempt.number, error);
  } catch (recordError) {
    attempt.logger?.warn(
      `Could not record attempt ${attempt.number} of item ${message.item_key} (job ${message.job_id}): ${String(recordError)}`,
    );
  }
}

/**
 * The worker's whole job for one (file, language), in both modes: the queue trigger and the durable item
 * activity call it alike. Every failure goes through `fateOf` once: permanent and invariant failures are
 * recorded on the item, retry-later waits (queue mode re-enqueues the message; the total wait is bounded),
 * and transient failures are thrown for the host (or the activity's retry policy) to retry.
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

  const outcome: ItemOutcome = {
    jobId: message.job_id,
    shards: job.shards,
    itemKey: message.item_key,
    status: 'succeeded',
    charactersCharged: 0,
    attempts: attempt.number,
    ...(message.retry_round ? { retryRound: message.retry_round } : {}),
  };
  let internalError: Error | undefined;
  if (job.cancel_requested) {
    outcome.status = 'cancelled';
    outcome.error = { ...CANCELLED_ITEM_ERROR };
  } else {
    try {
      const terms = termRulesFor(job.glossary, job.no_translate, message.target_language);
      const result = await runItem(deps, job, message, terms);
      outcome.charactersCharged = result.charactersCharged;
      if (result.estimate) outcome.estimate = result.estimate;
      if (result.cache) outcome.cache = result.cache;
      if (result.detectedLanguage) outcome.detectedLanguage = result.detectedLanguage;
      if (result.glossary) outcome.glossary = result.glossary;
    } catch (thrown) {
      const fate = fateOf(thrown);
      if (fate.kind === 'transient') {
        await rememberAttempt(deps, message, attempt, { code: fate.error.name, message: fate.error.message });
        throw fate.error;
      }
      outcome.status = 'failed';
      if (fate.kind === 'retry_later') {
        appMetrics.retryLater(fate.code);
        if (!attempt.defer) throw thrown;
        const waited = message.deferred_seconds ?? 0;
        if (waited + fate.delaySeconds <= deps.config.retryLaterMaxSeconds) {
          const next = { ...message, deferred_seconds: waited + fate.delaySeconds };
          await rememberAttempt(deps, message, attempt, {
            code: fate.code,
            message: `${fate.message} Waiting ${fate.delaySeconds} s before the next try.`,
          });
          await attempt.defer(next, fate.delaySeconds);
          return {
            kind: 'deferred',
            jobId: message.job_id,
            delaySeconds: fate.delaySeconds,
            reason: fate.message,
          };
        }
        outcome.error = {
          code: 'retries_exhausted',
          message: `Waited ${waited} s in all at the provider's request, the most RETRY_LATER_MAX_SECONDS allows; last: ${fate.message}`,
        };
      } else {
        outcome.error = { code: fate.code, message: fate.message };
        if (fate.kind === 'invariant') internalError = fate.error;
      }
    }
  }
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
