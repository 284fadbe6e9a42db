import { PermanentItemError } from '../errors.js';
import { translateItemMessageSchema } from '../messages.js';
import type { Services } from '../services.js';
import { isTerminal } from '../tracker/entities.js';
import type { ItemOutcome, RecordResult } from '../tracker/outcomeRecorder.js';
import { recordAttemptError } from '../tracker/recordAttemptError.js';
import { translateItem } from './translateItem.js';
import { termRulesFor, type Glossary } from '../glossary/glossary.js';
import type { JobRow } from '../tracker/entities.js';

export type WorkerOutcome =
  | { kind: 'invalid_message'; reason: string }
  | { kind: 'unknown_job'; jobId: string }
  | { kind: 'job_already_finished'; jobId: string }
  | {
      kind: 'recorded';
      jobId: string;
      status: ItemOutcome['status'];
      result: RecordResult;
      errorCode?: string;
      /** What this attempt charged (0 for failures and cancellations). */
      charactersCharged: number;
    };

/** How an item that was never translated because its job was cancelled is recorded, in either mode. */
export const CANCELLED_ITEM_ERROR = {
  code: 'job_cancelled',
  message: 'The job was cancelled before this file was translated.',
} as const;

/** The job's glossary and do-not-translate terms for one language (parsed from the cached job row). */
const termRulesOf = (job: JobRow, language: string) =>
  termRulesFor(
    job.glossary ? (JSON.parse(job.glossary) as Glossary) : undefined,
    job.no_translate ? (JSON.parse(job.no_translate) as string[]) : undefined,
    language,
  );

/**
 * The worker's whole job for one (file, language), in both modes: the queue trigger and the durable item
 * activity call it alike. Returns normally when the item is settled (including permanent failures, recorded
 * on the item); throws only for transient failures, which the host retries (the queue's dequeue count, or the
 * activity's retry policy) until the item is given up with `retries_exhausted`.
 */
export async function translateFile(
  services: Services,
  body: unknown,
  dequeueCount: number,
): Promise<WorkerOutcome> {
  const parsed = translateItemMessageSchema.safeParse(body);
  if (!parsed.success) {
    return {
      kind: 'invalid_message',
      reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    };
  }
  const message = parsed.data;
  const job = await services.jobCache.get(message.job_id);
  if (!job) return { kind: 'unknown_job', jobId: message.job_id };
  if (isTerminal(job.status)) return { kind: 'job_already_finished', jobId: message.job_id };

  const outcome: ItemOutcome = {
    jobId: message.job_id,
    shards: job.shards,
    itemKey: message.item_key,
    status: 'succeeded',
    charactersCharged: 0,
    attempts: dequeueCount,
  };
  if (job.cancel_requested) {
    outcome.status = 'cancelled';
    outcome.error = { ...CANCELLED_ITEM_ERROR };
  } else {
    try {
      const result = await translateItem(services, message, termRulesOf(job, message.target_language));
      outcome.charactersCharged = result.charactersCharged;
      if (result.cache) outcome.cache = result.cache;
      if (result.detectedLanguage) outcome.detectedLanguage = result.detectedLanguage;
    } catch (error) {
      if (!(error instanceof PermanentItemError)) {
        await recordAttemptError(services.jobs, message.job_id, message.item_key, dequeueCount, error).catch(
          () => undefined,
        );
        throw error;
      }
      outcome.status = 'failed';
      outcome.error = { code: error.code, message: error.message };
    }
  }
  const result = await services.recorder.record(outcome);
  await services.completion.check(message.job_id);
  return {
    kind: 'recorded',
    jobId: message.job_id,
    status: outcome.status,
    result,
    ...(outcome.error ? { errorCode: outcome.error.code } : {}),
    charactersCharged: outcome.charactersCharged,
  };
}
