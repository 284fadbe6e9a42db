import { toJobStatusBody } from '../jobs/jobStatusBody.js';
import { failPlanning } from '../planner/failPlanning.js';
import type { Tracker } from '../tracker/tracker.js';
import { jobRefSchema, type JobSummary } from './contracts.js';

/**
 * The orchestration's last step: closes the job if every item is counted (normally the last item's worker
 * already did) and returns the tracker's summary, which becomes the orchestration's output.
 */
export async function finishJobActivity(
  deps: { tracker: Pick<Tracker, 'closeJob'> },
  rawInput: unknown,
): Promise<JobSummary> {
  const { job_id: jobId } = jobRefSchema.parse(rawInput);
  const snapshot = await deps.tracker.closeJob(jobId);
  if (!snapshot) {
    const none = { total_files: 0, processed_files: 0, succeeded_files: 0, failed_files: 0 };
    return {
      job_id: jobId,
      status: 'unknown',
      ...none,
      cancelled_files: 0,
      characters_charged: 0,
      error: null,
    };
  }
  const body = toJobStatusBody(snapshot);
  return {
    job_id: jobId,
    status: body.status,
    total_files: body.total_files,
    processed_files: body.processed_files,
    succeeded_files: body.succeeded_files,
    failed_files: body.failed_files,
    cancelled_files: body.cancelled_files,
    characters_charged: body.characters_charged,
    error: body.error,
  };
}

/** The page activity failed after its retries: stop planning as the plan queue's poison handler does. */
export async function failPlanningActivity(
  deps: Parameters<typeof failPlanning>[0],
  rawInput: unknown,
): Promise<{ stopped: boolean }> {
  const { job_id: jobId } = jobRefSchema.parse(rawInput);
  return { stopped: await failPlanning(deps, { kind: 'plan', job_id: jobId }) };
}
