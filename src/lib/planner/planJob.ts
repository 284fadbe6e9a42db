import { randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import { planMessageSchema, type PlanMessage } from '../messages.js';
import type { Services } from '../services.js';
import { encodeMessage } from '../storage/messageCodec.js';
import { queueDepth } from '../storage/queueDepth.js';
import type { ItemRow } from '../tracker/entities.js';
import type { Tracker } from '../tracker/tracker.js';
import { measurePage, type MeasurePageDeps } from './measurePage.js';
import { messageFor } from './itemsForPage.js';
import { languagesWithoutMemory } from './languagesWithoutMemory.js';
import { recordPage, type PageDeps } from './recordPage.js';
import { sweepCancelledJob } from './sweepCancelledJob.js';
import { settleUnplannableItems } from './unplannableItems.js';
import { waitForQueue } from './waitForQueue.js';

export type PlanOutcome =
  | { kind: 'invalid_message'; reason: string }
  | { kind: 'unknown_job'; jobId: string }
  | { kind: 'planned_page'; jobId: string; page: number; items: number; more: boolean }
  | { kind: 'already_planned'; jobId: string }
  /**
   * The translation queue is at PLANNER_QUEUE_HIGH_WATER: the page waits and a delayed plan message looks
   * again. `first`: this page's first wait (the one worth a log line).
   */
  | { kind: 'waiting'; jobId: string; page: number; queued: number; first: boolean }
  /** Another plan message holds the job's waiting turn: this one is a stale duplicate and stands down. */
  | { kind: 'superseded'; jobId: string }
  | { kind: 'stopped'; jobId: string; reason: 'cancelled' | 'failed' }
  | { kind: 'cancel_swept'; jobId: string; cancelled: number };

export type PlanDeps = PageDeps &
  MeasurePageDeps &
  Pick<Services, 'translationQueue' | 'planQueue'> & {
    tracker: Pick<
      Tracker,
      'readJob' | 'closeJob' | 'advancePlanning' | 'holdPlanning' | 'stopPlanning' | 'record' | 'listItems'
    >;
  };

/** A cancelled or failed job lists no further pages: planning is over with what was already counted. */
export async function finishPlanningEarly(
  deps: { tracker: Pick<Tracker, 'stopPlanning' | 'closeJob'> },
  jobId: string,
): Promise<void> {
  await deps.tracker.stopPlanning(jobId);
  await deps.tracker.closeJob(jobId);
}

/**
 * Plans one page of a job per invocation, then enqueues itself for the next page. A new page is listed only
 * while the translation queue is below PLANNER_QUEUE_HIGH_WATER: otherwise the message re-sends itself
 * delayed (waitForQueue), so jobs sharing the queue take turns and a cancel leaves little to drain. Each page
 * runs in three recorded steps so a crash or redelivery at any point neither loses nor double-counts items:
 *   1. write the page's item rows, then add them to `total` and mark the page pending (one ETag update; a
 *      dry run's rows carry their measured outcomes, counted in the same transaction);
 *   2. hand each item on: one message per item, or, for an item that cannot run at all (a target name over
 *      the blob-name limit), its failure recorded at once. A dry run's items were measured in step 1
 *      (measurePage) and need no message, unless DRY_RUN_MEASURED_BY is `workers`: then they go through the
 *      queue like a real job's, held back by the same high water. A redelivered page does this again from the
 *      item rows, skipping items already settled, which is harmless because outcomes are recorded once;
 *   3. advance the cursor, and close planning on the last page.
 */
export async function planJob(deps: PlanDeps, body: unknown): Promise<PlanOutcome> {
  const parsed = planMessageSchema.safeParse(body);
  if (!parsed.success)
    return { kind: 'invalid_message', reason: parsed.error.issues[0]?.message ?? 'invalid' };
  const { job_id: jobId } = parsed.data;
  if (parsed.data.cancel_sweep) {
    return { kind: 'cancel_swept', jobId, cancelled: await sweepCancelledJob(deps, jobId) };
  }

  const job = await deps.tracker.readJob(jobId);
  if (!job) return { kind: 'unknown_job', jobId };
  if (job.planning_done) {
    await deps.tracker.closeJob(jobId);
    return { kind: 'already_planned', jobId };
  }
  if (job.cancel_requested || job.error_code) {
    await finishPlanningEarly(deps, jobId);
    return { kind: 'stopped', jobId, reason: job.cancel_requested ? 'cancelled' : 'failed' };
  }

  const { token } = parsed.data;
  if (job.waiting_by && job.waiting_by !== token) return { kind: 'superseded', jobId };
  // A page already counted is handed on whatever the queue holds; a dry run the planner measures sends no
  // translation messages.
  const measuredHere = job.dry_run === true && deps.config.dryRunMeasuredBy === 'planner';
  if (!measuredHere && job.pending_page !== job.plan_page) {
    const queued = await queueDepth(deps.translationQueue);
    if (queued >= deps.config.plannerQueueHighWater) {
      const memoryEmpty = parsed.data.memory_empty;
      const held = await waitForQueue(
        deps,
        (successor) => ({
          kind: 'plan',
          job_id: jobId,
          token: successor,
          ...(memoryEmpty ? { memory_empty: [...memoryEmpty] } : {}),
        }),
        (successor) =>
          deps.tracker.holdPlanning(jobId, {
            page: job.plan_page,
            ...(token ? { from: token } : {}),
            to: successor,
          }),
      );
      if (held === 'refused') return { kind: 'superseded', jobId };
      return { kind: 'waiting', jobId, page: job.plan_page, queued, first: held === 'first' };
    }
  }

  const measure = measuredHere ? (rows: ItemRow[]) => measurePage(deps, job, rows) : undefined;
  const recorded = await recordPage(deps, job, undefined, token, measure);
  if (!recorded) return { kind: 'already_planned', jobId };
  const { page, rows, nextCursor } = recorded;

  // A resumed page skips items already settled: a worker got their message before the crash.
  const runnable = (await settleUnplannableItems(deps, job, rows)).filter((row) => !row.status);
  // Asked once, as the job's first page is planned (see PlanMessage.memory_empty). A dry run's items the planner
  // measured were hinted page by page (measurePage); the few it hands on read their maps.
  const carried = page > 0 ? parsed.data.memory_empty : undefined;
  const noMemory = measuredHere
    ? new Set<string>()
    : carried
      ? new Set(carried)
      : await languagesWithoutMemory(deps, job.source_container, job.target_languages);
  const limit = pLimit(deps.config.plannerEnqueueConcurrency);
  await Promise.all(
    runnable.map((row) =>
      limit(() => deps.translationQueue.sendMessage(encodeMessage(messageFor(job, row, noMemory)))),
    ),
  );

  await deps.tracker.advancePlanning(jobId, page, nextCursor);
  if (nextCursor) {
    const next: PlanMessage = {
      kind: 'plan',
      job_id: jobId,
      token: randomUUID(),
      memory_empty: [...noMemory],
    };
    await deps.planQueue.sendMessage(encodeMessage(next));
  } else {
    await deps.tracker.closeJob(jobId);
  }
  return { kind: 'planned_page', jobId, page, items: rows.length, more: Boolean(nextCursor) };
}
