import { isNotFound } from '../errors.js';
import { advancePlanning } from '../planner/advancePlanning.js';
import { finishPlanningEarly } from '../planner/finishPlanningEarly.js';
import { messageFor } from '../planner/itemsForPage.js';
import { recordPage } from '../planner/recordPage.js';
import type { Services } from '../services.js';
import type { ItemRow, JobRow } from '../tracker/entities.js';
import { JOB_ROW } from '../tracker/keys.js';
import { listItemRowsOfPage } from '../tracker/listItemRows.js';
import { planPageInputSchema, type PlanPageResult } from './contracts.js';

const pageResult = (job: JobRow, page: number, rows: ItemRow[], nextCursor?: string): PlanPageResult => ({
  kind: 'page',
  page,
  items: rows.map((row) => messageFor(job, row)),
  ...(nextCursor ? { next_cursor: nextCursor } : {}),
});

async function readJob(services: Services, jobId: string): Promise<JobRow | undefined> {
  try {
    return await services.jobs.getEntity<JobRow>(jobId, JOB_ROW);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/**
 * Durable mode's planner: plans one page exactly as the queue planner does (item rows, `total += n`, pending
 * page, then the cursor moves on), but hands the page's item messages back to the orchestration instead of
 * sending them. Activities run at least once, so a re-run for a page already moved past returns that page's
 * items again from its rows, without counting them twice.
 */
export async function planDurablePage(services: Services, rawInput: unknown): Promise<PlanPageResult> {
  const input = planPageInputSchema.parse(rawInput);
  const jobId = input.job_id;
  const job = await readJob(services, jobId);
  if (!job) return { kind: 'stopped', reason: 'unknown_job' };

  if (job.plan_page === input.page + 1) {
    // An earlier run finished this page but its result never reached the orchestration.
    const rows = await listItemRowsOfPage(services.jobs, jobId, input.page);
    return pageResult(job, input.page, rows, job.planning_done ? undefined : job.plan_cursor || undefined);
  }
  if (job.planning_done) {
    await services.closeJob(jobId);
    return {
      kind: 'stopped',
      reason: job.error_code ? 'failed' : job.cancel_requested ? 'cancelled' : 'finished',
    };
  }
  if (job.cancel_requested || job.error_code) {
    await finishPlanningEarly(services, jobId);
    return { kind: 'stopped', reason: job.cancel_requested ? 'cancelled' : 'failed' };
  }
  if (job.plan_page !== input.page) {
    throw new Error(`Job ${jobId} is planning page ${job.plan_page}, not page ${input.page}`);
  }

  const recorded = await recordPage(services, job, input.cursor);
  // Another run counted the page first; the retry reads it back through the branch above.
  if (!recorded) throw new Error(`Page ${input.page} of job ${jobId} was planned concurrently`);
  await advancePlanning(services, jobId, recorded.page, recorded.nextCursor);
  if (!recorded.nextCursor) await services.closeJob(jobId);
  return pageResult(job, recorded.page, recorded.rows, recorded.nextCursor);
}
