import type { Services } from '../services.js';
import { updateJobRow } from '../tracker/updateJobRow.js';

/** `pending_page` when no page is counted-but-unsent. */
export const NO_PAGE = -1;

/** A cancelled or failed job lists no further pages: planning is over with what was already counted. */
export async function finishPlanningEarly(services: Services, jobId: string): Promise<void> {
  const at = services.now().toISOString();
  await updateJobRow(services.jobs, jobId, (job) =>
    job.planning_done ? undefined : { planning_done: true, pending_page: NO_PAGE, updated_at: at },
  );
  await services.closeJob(jobId);
}
