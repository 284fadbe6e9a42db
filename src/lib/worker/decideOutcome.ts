import { fateOf } from '../fate.js';
import { termRulesFor } from '../glossary/glossary.js';
import type { Logger } from '../logger.js';
import type { TranslateItemMessage } from '../messages.js';
import { appMetrics } from '../telemetry/appMetrics.js';
import type { Job } from '../tracker/jobRecord.js';
import type { ItemOutcome } from '../tracker/outcomeRecorder.js';
import type { Tracker } from '../tracker/tracker.js';
import { runItem } from './runItem.js';
import type { ItemDeps } from './translateItem.js';

export type DecideDeps = ItemDeps & {
  tracker: Pick<Tracker, 'recordAttemptError' | 'reserveCharacters' | 'settleCharacters'>;
};

/** How this attempt came to run, and what its runner can do that the item cannot do itself. */
export interface Attempt {
  /** 1 for the first delivery (the host's dequeue count; durable activities cannot know theirs). */
  number: number;
  /** Re-enqueues the message to run after `delaySeconds` (queue mode). Absent: the runner retries (durable). */
  defer?: (message: TranslateItemMessage, delaySeconds: number) => Promise<void>;
  logger?: Logger;
}

/** How an item that was never translated because its job was cancelled is recorded, in either mode. */
export const CANCELLED_ITEM_ERROR = {
  code: 'job_cancelled',
  message: 'The job was cancelled before this file was translated.',
} as const;

/** Keeps the attempt's error on the item for /files and the poison handler; a failure to do so is logged. */
async function rememberAttempt(
  deps: DecideDeps,
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

export type Decision =
  | { kind: 'outcome'; outcome: ItemOutcome; /** A bug stopped the item. */ internalError?: Error }
  | { kind: 'deferred'; delaySeconds: number; reason: string };

/**
 * What an attempt at an item comes to, without recording it: the item is run as its job asks (translated,
 * within a budget, or measured) and every failure goes through `fateOf` once. Permanent and invariant
 * failures become a failed outcome, retry-later is deferred (when the runner can defer) or failed once the
 * total wait is spent, and transient failures are thrown for the runner to retry.
 */
export async function decideOutcome(
  deps: DecideDeps,
  job: Job,
  message: TranslateItemMessage,
  attempt: Attempt,
): Promise<Decision> {
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
      // TMX matches count as reused segments, beside those the segment memory answered.
      const byTmx = result.segmentsReused ?? 0;
      if (result.memory) outcome.memory = { ...result.memory, reused: result.memory.reused + byTmx };
      else if (byTmx) outcome.segmentsReused = byTmx;
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
          return { kind: 'deferred', delaySeconds: fate.delaySeconds, reason: fate.message };
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
  return { kind: 'outcome', outcome, ...(internalError ? { internalError } : {}) };
}
