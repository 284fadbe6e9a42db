import { retryMessageSchema } from '../messages.js';
import { ITEM_PREFIX } from '../tracker/keys.js';
import { queuedInRound } from '../tracker/moveItemsToRetry.js';
import type { Tracker } from '../tracker/tracker.js';

type FailRetryDeps = {
  tracker: Pick<Tracker, 'readJob' | 'listRetryCandidates' | 'record' | 'advanceRetry' | 'closeJob'>;
};

const RETRY_FAILED = {
  code: 'retry_failed',
  message: 'Queueing this file for retry kept failing; it was not translated again.',
};

/**
 * A retry message that exhausted its tries: the round cannot queue the rest of its files. Files it moved back
 * to the queue may lack their message, so each one still without an outcome is recorded failed in this round
 * (a message that did get through is then a duplicate, counted once); files it never reached stay failed as
 * they were. The round then stops and the job closes, so it never waits for files nobody will translate.
 */
export async function failRetry(deps: FailRetryDeps, body: unknown): Promise<boolean> {
  const parsed = retryMessageSchema.safeParse(body);
  if (!parsed.success) return false;
  const { job_id: jobId, round } = parsed.data;
  const job = await deps.tracker.readJob(jobId);
  if (!job || job.retry_round !== round || !job.retrying) return false;
  let continuation: string | undefined;
  do {
    const page = await deps.tracker.listRetryCandidates(jobId, {
      includeCancelled: job.retry_include_cancelled === true,
      limit: 1000,
      ...(continuation ? { continuation } : {}),
    });
    // Recorded together: the recorder groups concurrent outcomes of a job into shared transactions.
    await Promise.all(
      page.items
        .filter((r) => queuedInRound(r, round))
        .map((row) =>
          deps.tracker.record({
            jobId,
            shards: job.shards,
            itemKey: row.rowKey.slice(ITEM_PREFIX.length),
            status: 'failed',
            error: RETRY_FAILED,
            charactersCharged: 0,
            attempts: row.attempts ?? 0,
            retryRound: round,
          }),
        ),
    );
    continuation = page.continuation;
  } while (continuation);
  await deps.tracker.advanceRetry(jobId, round, undefined);
  await deps.tracker.closeJob(jobId);
  return true;
}
