import { messageFor } from '../planner/itemsForPage.js';
import { languagesWithoutMemory } from '../planner/languagesWithoutMemory.js';
import { finishPlanningEarly, type PlanDeps } from '../planner/planJob.js';
import { recordPage } from '../planner/recordPage.js';
import { settleUnplannableItems } from '../planner/unplannableItems.js';
import type { ItemRow } from '../tracker/entities.js';
import type { Job } from '../tracker/jobRecord.js';
import { planPageInputSchema, type PlanPageResult } from './contracts.js';

type PlanPageDeps = Omit<PlanDeps, 'translationQueue' | 'planQueue'>;

/** The page's items for the orchestration; those that can never run are recorded failed here instead. */
async function pageResult(
  deps: PlanPageDeps,
  job: Job,
  page: number,
  rows: ItemRow[],
  nextCursor?: string,
): Promise<PlanPageResult> {
  const runnable = await settleUnplannableItems(deps, job, rows);
  const noMemory = await languagesWithoutMemory(deps, job.source_container, job.target_languages);
  return {
    kind: 'page',
    page,
    items: runnable.map((row) => messageFor(job, row, noMemory)),
    failed_at_planning: rows.length - runnable.length,
    ...(nextCursor ? { next_cursor: nextCursor } : {}),
  };
}

/**
 * Durable mode's planner: plans one page exactly as the queue planner does (item rows, `total += n`, pending
 * page, then the cursor moves on), but hands the page's item messages back to the orchestration instead of
 * sending them. Activities run at least once, so a re-run for a page already moved past returns that page's
 * items again from its rows, without counting them twice.
 */
export async function planDurablePage(deps: PlanPageDeps, rawInput: unknown): Promise<PlanPageResult> {
  const input = planPageInputSchema.parse(rawInput);
  const jobId = input.job_id;
  const job = await deps.tracker.readJob(jobId);
  if (!job) return { kind: 'stopped', reason: 'unknown_job' };

  if (job.plan_page === input.page + 1) {
    // An earlier run finished this page but its result never reached the orchestration.
    const rows = await deps.tracker.itemsOfPage(jobId, input.page);
    return pageResult(
      deps,
      job,
      input.page,
      rows,
      job.planning_done ? undefined : job.plan_cursor || undefined,
    );
  }
  if (job.planning_done) {
    await deps.tracker.closeJob(jobId);
    return {
      kind: 'stopped',
      reason: job.error_code ? 'failed' : job.cancel_requested ? 'cancelled' : 'finished',
    };
  }
  if (job.cancel_requested || job.error_code) {
    await finishPlanningEarly(deps, jobId);
    return { kind: 'stopped', reason: job.cancel_requested ? 'cancelled' : 'failed' };
  }
  if (job.plan_page !== input.page) {
    throw new Error(`Job ${jobId} is planning page ${job.plan_page}, not page ${input.page}`);
  }

  const recorded = await recordPage(deps, job, input.cursor);
  // Another run counted the page first; the retry reads it back through the branch above.
  if (!recorded) throw new Error(`Page ${input.page} of job ${jobId} was planned concurrently`);
  const result = await pageResult(deps, job, recorded.page, recorded.rows, recorded.nextCursor);
  await deps.tracker.advancePlanning(jobId, recorded.page, recorded.nextCursor);
  if (!recorded.nextCursor) await deps.tracker.closeJob(jobId);
  return result;
}
