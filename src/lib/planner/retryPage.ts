import { randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import { retryMessageSchema, type RetryMessage } from '../messages.js';
import type { Services } from '../services.js';
import { encodeMessage } from '../storage/messageCodec.js';
import { queueDepth } from '../storage/queueDepth.js';
import type { Tracker } from '../tracker/tracker.js';
import { messageFor } from './itemsForPage.js';
import { waitForQueue } from './waitForQueue.js';

export type RetryPageOutcome =
  | { kind: 'invalid_message'; reason: string }
  | { kind: 'unknown_job'; jobId: string }
  /** The round is over (or superseded): a duplicate or late message. */
  | { kind: 'stale'; jobId: string; round: number }
  /** The translation queue is at PLANNER_QUEUE_HIGH_WATER: a delayed retry message looks again. */
  | { kind: 'waiting'; jobId: string; round: number; queued: number; first: boolean }
  /** Another retry message holds the round's waiting turn: this one is a stale duplicate. */
  | { kind: 'superseded'; jobId: string; round: number }
  | { kind: 'queued_page'; jobId: string; round: number; items: number; more: boolean };

export type RetryPageDeps = Pick<Services, 'config' | 'translationQueue' | 'planQueue'> & {
  tracker: Pick<
    Tracker,
    | 'readJob'
    | 'listRetryCandidates'
    | 'moveItemsToRetry'
    | 'advanceRetry'
    | 'holdRetry'
    | 'claimRetryPage'
    | 'closeJob'
  >;
};

/** Table queries answer at most 1,000 rows a page. */
const MAX_ROWS_PER_PAGE = 1000;

/**
 * Queues one page of a retry round's items, then enqueues itself for the next page, like planning does.
 * Each page: claim it (claimRetryPage: one message owns a page until it moves the cursor, so a late
 * redelivery racing its successor stands down instead of sending the page's items twice), list the job's
 * failed (and, when asked, cancelled) item rows from the round's cursor, move them back to the queue exactly
 * once (item rows and counters under ETags), send one message per item tagged with the round, then move the
 * cursor. The owner's crash or redelivery redoes at most its one page: rows moved already are listed again as
 * queued in this round and only their messages are sent again, which the recorder counts once. After the
 * last page the round stops `retrying` and the job may close. Like a planning page, a page is queued only
 * while the translation queue is below PLANNER_QUEUE_HIGH_WATER, so retrying a big job's failures does not
 * crowd out other jobs; a claimed page is finished whatever the queue holds.
 */
export async function retryPage(deps: RetryPageDeps, body: unknown): Promise<RetryPageOutcome> {
  const parsed = retryMessageSchema.safeParse(body);
  if (!parsed.success)
    return { kind: 'invalid_message', reason: parsed.error.issues[0]?.message ?? 'invalid' };
  const { job_id: jobId, round, token } = parsed.data;
  const job = await deps.tracker.readJob(jobId);
  if (!job) return { kind: 'unknown_job', jobId };
  if (job.retry_round !== round || !job.retrying) {
    await deps.tracker.closeJob(jobId);
    return { kind: 'stale', jobId, round };
  }
  if (job.retry_waiting_by && job.retry_waiting_by !== token) return { kind: 'superseded', jobId, round };
  const owner = job.retry_pending_by ?? '';
  // A message without a token predates page claims: it runs unclaimed while no one owns the page.
  if (owner && owner !== token) return { kind: 'superseded', jobId, round };
  const cursor = job.retry_cursor ?? '';
  const queuedNow = owner ? 0 : await queueDepth(deps.translationQueue);
  if (queuedNow >= deps.config.plannerQueueHighWater) {
    const held = await waitForQueue(
      deps,
      (successor) => ({ kind: 'retry', job_id: jobId, round, token: successor }),
      (successor) =>
        deps.tracker.holdRetry(jobId, { round, cursor, ...(token ? { from: token } : {}), to: successor }),
    );
    if (held === 'refused') return { kind: 'superseded', jobId, round };
    return { kind: 'waiting', jobId, round, queued: queuedNow, first: held === 'first' };
  }
  if (token && !owner) {
    const claim = await deps.tracker.claimRetryPage(jobId, { round, cursor, token });
    if (claim === 'refused') return { kind: 'superseded', jobId, round };
  }
  const includeCancelled = job.retry_include_cancelled === true;
  const page = await deps.tracker.listRetryCandidates(jobId, {
    includeCancelled,
    limit: Math.min(deps.config.plannerPageSize, MAX_ROWS_PER_PAGE),
    ...(job.retry_cursor ? { continuation: job.retry_cursor } : {}),
  });
  const queued = await deps.tracker.moveItemsToRetry(jobId, round, includeCancelled, page.items);
  const limit = pLimit(deps.config.plannerEnqueueConcurrency);
  await Promise.all(
    queued.map((row) =>
      limit(() =>
        deps.translationQueue.sendMessage(encodeMessage({ ...messageFor(job, row), retry_round: round })),
      ),
    ),
  );
  const moved = await deps.tracker.advanceRetry(jobId, round, page.continuation, token ?? '');
  if (!moved) return { kind: 'superseded', jobId, round };
  if (page.continuation) {
    const next: RetryMessage = { kind: 'retry', job_id: jobId, round, token: randomUUID() };
    await deps.planQueue.sendMessage(encodeMessage(next));
  } else {
    await deps.tracker.closeJob(jobId);
  }
  return { kind: 'queued_page', jobId, round, items: queued.length, more: Boolean(page.continuation) };
}
