import { isNotFound } from '../errors.js';
import { translateItemMessageSchema, type TranslateItemMessage } from '../messages.js';
import type { Services } from '../services.js';
import { isTerminal, type ItemRow, type JobRow } from '../tracker/entities.js';
import { JOB_ROW, itemRow } from '../tracker/keys.js';
import type { WorkerOutcome } from './translateFile.js';

/**
 * A translation message that exhausted `maxDequeueCount` tries. Records the item failed with the last error
 * its attempts left behind, so the job still reaches a terminal status.
 */
export async function failPoisonedItem(services: Services, body: unknown): Promise<WorkerOutcome> {
  const parsed = translateItemMessageSchema.safeParse(body);
  if (!parsed.success)
    return { kind: 'invalid_message', reason: parsed.error.issues[0]?.message ?? 'invalid' };
  return recordRetriesExhausted(services, parsed.data);
}

/**
 * Records one item `failed` with `retries_exhausted` and the last error its attempts left on the item row.
 * `attempts` defaults to the count the attempts recorded; durable mode passes its retry policy's maximum.
 */
export async function recordRetriesExhausted(
  services: Services,
  message: TranslateItemMessage,
  attemptsMade?: number,
): Promise<WorkerOutcome> {
  let job: JobRow;
  try {
    job = await services.jobs.getEntity<JobRow>(message.job_id, JOB_ROW);
  } catch (error) {
    if (isNotFound(error)) return { kind: 'unknown_job', jobId: message.job_id };
    throw error;
  }
  if (isTerminal(job.status)) return { kind: 'job_already_finished', jobId: message.job_id };

  let item: Partial<ItemRow> = {};
  try {
    item = await services.jobs.getEntity<ItemRow>(message.job_id, itemRow(message.item_key));
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  const attempts = attemptsMade ?? item.attempts ?? 0;
  const reason = item.last_error_message ? `: ${item.last_error_message}` : '';
  const result = await services.recorder.record({
    jobId: message.job_id,
    shards: job.shards,
    itemKey: message.item_key,
    status: 'failed',
    error: { code: 'retries_exhausted', message: `Gave up after ${attempts} attempts${reason}` },
    charactersCharged: 0,
    attempts,
  });
  await services.completion.check(message.job_id);
  return {
    kind: 'recorded',
    jobId: message.job_id,
    status: 'failed',
    result,
    errorCode: 'retries_exhausted',
    charactersCharged: 0,
  };
}
