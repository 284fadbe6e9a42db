import { planMessageSchema } from '../messages.js';
import type { Job } from '../tracker/jobRecord.js';
import type { Tracker } from '../tracker/tracker.js';
import { recordUnsettledItemsOfPage } from './recordUnsettledItems.js';
import { sweepCancelledJob } from './sweepCancelledJob.js';

type FailPlanningDeps = {
  tracker: Pick<Tracker, 'readJob' | 'itemsOfPage' | 'record' | 'stopPlanning' | 'closeJob' | 'listItems'>;
};

/**
 * A page already counted in `total` whose messages may not all have been sent: its items without an outcome
 * are recorded failed, or the job would wait forever for them. Runs before planning is marked done, so a
 * retry after a crash here still sees the pending page; the recorder counts each item once.
 */
async function failUnsentItemsOfPendingPage(deps: FailPlanningDeps, job: Job): Promise<void> {
  const page = job.pending_page;
  if (job.planning_done || page === undefined || page < 0 || page !== job.plan_page) return;
  await recordUnsettledItemsOfPage(deps, job, page, {
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
export async function failPlanning(deps: FailPlanningDeps, body: unknown): Promise<boolean> {
  const parsed = planMessageSchema.safeParse(body);
  if (!parsed.success) return false;
  const jobId = parsed.data.job_id;
  // A cancel's sweep is not planning: its job is cancelled, not failed. One last try, then the logs say why.
  if (parsed.data.cancel_sweep) return (await sweepCancelledJob(deps, jobId)) > 0;
  const job = await deps.tracker.readJob(jobId);
  if (!job) return false;
  await failUnsentItemsOfPendingPage(deps, job);
  const stopped = await deps.tracker.stopPlanning(jobId, (current) => ({
    code: 'planning_failed',
    message: `Listing or queueing the source files kept failing; planning stopped after ${current.total} files.`,
  }));
  await deps.tracker.closeJob(jobId);
  return stopped;
}
