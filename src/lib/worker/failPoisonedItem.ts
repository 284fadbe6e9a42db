import { translateItemMessageSchema, type TranslateItemMessage } from '../messages.js';
import { MAX_DEQUEUE_COUNT } from '../storage/queuePolicy.js';
import { isTerminal } from '../tracker/entities.js';
import type { Tracker } from '../tracker/tracker.js';
import { settleInvalidMessage } from './recordInvalidMessage.js';
import type { Settlement } from './settleItem.js';

export type GiveUpDeps = {
  tracker: Pick<Tracker, 'readJob' | 'cachedJob' | 'readItem' | 'record' | 'checkCompletion'>;
};

/**
 * A translation message that exhausted `maxDequeueCount` tries. Records the item failed with the last error
 * its attempts left behind, so the job still reaches a terminal status.
 */
export async function failPoisonedItem(deps: GiveUpDeps, body: unknown): Promise<Settlement> {
  const parsed = translateItemMessageSchema.safeParse(body);
  if (!parsed.success) {
    const reason = parsed.error.issues[0]?.message ?? 'invalid';
    return settleInvalidMessage(deps, body, reason, MAX_DEQUEUE_COUNT);
  }
  return recordRetriesExhausted(deps, parsed.data);
}

/**
 * Records one item `failed` with `retries_exhausted` and the last error its attempts left on the item row.
 * `attemptsMade` is given by runners that know it (the durable retry policy's maximum); otherwise it is what
 * the attempts recorded on the item.
 */
export async function recordRetriesExhausted(
  deps: GiveUpDeps,
  message: TranslateItemMessage,
  attemptsMade?: number,
): Promise<Settlement> {
  const job = await deps.tracker.readJob(message.job_id);
  if (!job) return { kind: 'unknown_job', jobId: message.job_id };
  if (isTerminal(job.status)) return { kind: 'job_already_finished', jobId: message.job_id };

  const item = await deps.tracker.readItem(message.job_id, message.item_key);
  // Each failed attempt records itself; when none could (storage was down too), the host's maximum is the
  // best count there is: a message reaches the poison queue only after that many.
  const attempts = attemptsMade ?? item?.attempts ?? MAX_DEQUEUE_COUNT;
  const reason = item?.last_error_message
    ? `: ${item.last_error_message}`
    : '; the last error could not be recorded (see the logs)';
  const result = await deps.tracker.record({
    jobId: message.job_id,
    shards: job.shards,
    itemKey: message.item_key,
    status: 'failed',
    error: { code: 'retries_exhausted', message: `Gave up after ${attempts} attempts${reason}` },
    charactersCharged: 0,
    attempts,
    ...(message.retry_round ? { retryRound: message.retry_round } : {}),
  });
  await deps.tracker.checkCompletion(message.job_id);
  return {
    kind: 'recorded',
    jobId: message.job_id,
    status: 'failed',
    result,
    errorCode: 'retries_exhausted',
    charactersCharged: 0,
  };
}
