import pLimit from 'p-limit';
import { isNotFound } from '../errors.js';
import { planMessageSchema, type PlanMessage } from '../messages.js';
import type { Services } from '../services.js';
import { encodeMessage } from '../storage/messageCodec.js';
import type { JobRow } from '../tracker/entities.js';
import { JOB_ROW } from '../tracker/keys.js';
import { advancePlanning } from './advancePlanning.js';
import { finishPlanningEarly } from './finishPlanningEarly.js';
import { messageFor } from './itemsForPage.js';
import { recordPage } from './recordPage.js';

export type PlanOutcome =
  | { kind: 'invalid_message'; reason: string }
  | { kind: 'unknown_job'; jobId: string }
  | { kind: 'planned_page'; jobId: string; page: number; items: number; more: boolean }
  | { kind: 'already_planned'; jobId: string }
  | { kind: 'stopped'; jobId: string; reason: 'cancelled' | 'failed' };

/**
 * Plans one page of a job per invocation, then enqueues itself for the next page. Each page runs in three
 * recorded steps so a crash or redelivery at any point neither loses nor double-counts items:
 *   1. write the page's item rows, then add them to `total` and mark the page pending (one ETag update);
 *   2. enqueue one message per item (a redelivered page re-sends from the item rows; duplicates are
 *      harmless because outcomes are recorded once);
 *   3. advance the cursor, and close planning on the last page.
 */
export async function planJob(services: Services, body: unknown): Promise<PlanOutcome> {
  const parsed = planMessageSchema.safeParse(body);
  if (!parsed.success)
    return { kind: 'invalid_message', reason: parsed.error.issues[0]?.message ?? 'invalid' };
  const { job_id: jobId } = parsed.data;

  let job: JobRow;
  try {
    job = await services.jobs.getEntity<JobRow>(jobId, JOB_ROW);
  } catch (error) {
    if (isNotFound(error)) return { kind: 'unknown_job', jobId };
    throw error;
  }
  if (job.planning_done) {
    await services.closeJob(jobId);
    return { kind: 'already_planned', jobId };
  }
  if (job.cancel_requested || job.error_code) {
    await finishPlanningEarly(services, jobId);
    return { kind: 'stopped', jobId, reason: job.cancel_requested ? 'cancelled' : 'failed' };
  }

  const recorded = await recordPage(services, job);
  if (!recorded) return { kind: 'already_planned', jobId };
  const { page, rows, nextCursor } = recorded;

  const limit = pLimit(services.config.plannerEnqueueConcurrency);
  await Promise.all(
    rows.map((row) =>
      limit(() => services.translationQueue.sendMessage(encodeMessage(messageFor(job, row)))),
    ),
  );

  await advancePlanning(services, jobId, page, nextCursor);
  if (nextCursor) {
    const next: PlanMessage = { kind: 'plan', job_id: jobId };
    await services.planQueue.sendMessage(encodeMessage(next));
  } else {
    await services.closeJob(jobId);
  }
  return { kind: 'planned_page', jobId, page, items: rows.length, more: Boolean(nextCursor) };
}
