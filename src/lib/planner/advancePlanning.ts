import type { Services } from '../services.js';
import { updateJobRow } from '../tracker/updateJobRow.js';
import { NO_PAGE } from './finishPlanningEarly.js';

/**
 * Step 3 of planning a page, once its items are handed on (queue messages sent, or returned to the
 * orchestration): moves the cursor past `page` and marks planning done after the last page.
 */
export async function advancePlanning(
  services: Services,
  jobId: string,
  page: number,
  nextCursor: string | undefined,
): Promise<void> {
  const at = services.now().toISOString();
  await updateJobRow(services.jobs, jobId, (current) =>
    current.plan_page !== page || current.planning_done
      ? undefined
      : {
          plan_page: page + 1,
          plan_cursor: nextCursor ?? '',
          pending_page: NO_PAGE,
          pending_next_cursor: '',
          planning_done: !nextCursor,
          updated_at: at,
        },
  );
}
