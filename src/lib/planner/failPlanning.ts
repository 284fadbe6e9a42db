import { planMessageSchema } from '../messages.js';
import type { Services } from '../services.js';
import type { JobRow } from '../tracker/entities.js';
import { JOB_ROW } from '../tracker/keys.js';
import { updateJobRow } from '../tracker/updateJobRow.js';
import { isNotFound } from '../errors.js';
import { recordUnsettledItemsOfPage } from './recordUnsettledItems.js';

/**
 * A page already counted in `total` whose messages may not all have been sent: its items without an outcome
 * are recorded failed, or the job would wait forever for them. Runs before planning is marked done, so a
 * retry after a crash here still sees the pending page; the recorder counts each item once.
 */
async function failUnsentItemsOfPendingPage(services: Services, job: JobRow): Promise<void> {
  const page = job.pending_page;
  if (job.planning_done || page === undefined || page < 0 || page !== job.plan_page) return;
  await recordUnsettledItemsOfPage(services, job, page, {
    status: 'failed',
    error: {
      code: 'planning_failed',
      message: 'Planning stopped while this file was being queued; it is not counted as translated.',
    },
  });
}

/**
 * A plan message that exhausted its retries: the job cannot list its source. Items already enqueued still
 * run; the job then ends `failed` with this reason instead of waiting forever for pages that never come.
 */
export async function failPlanning(services: Services, body: unknown): Promise<boolean> {
  const parsed = planMessageSchema.safeParse(body);
  if (!parsed.success) return false;
  const jobId = parsed.data.job_id;
  const at = services.now().toISOString();
  let stopped = false;
  try {
    await failUnsentItemsOfPendingPage(services, await services.jobs.getEntity<JobRow>(jobId, JOB_ROW));
    await updateJobRow(services.jobs, jobId, (job) => {
      if (job.planning_done) return undefined;
      stopped = true;
      return {
        planning_done: true,
        pending_page: -1,
        error_code: 'planning_failed',
        error_message: `Listing or queueing the source files kept failing; planning stopped after ${job.total} files.`,
        updated_at: at,
      };
    });
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
  await services.closeJob(jobId);
  return stopped;
}
