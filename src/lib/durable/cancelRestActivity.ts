import { recordUnsettledItemsOfPage } from '../planner/recordUnsettledItems.js';
import { finishPlanningEarly } from '../planner/planJob.js';
import { isTerminal } from '../tracker/entities.js';
import type { Tracker } from '../tracker/tracker.js';
import { CANCELLED_ITEM_ERROR } from '../worker/settleItem.js';
import { pageRefSchema, type CancelRestResult } from './contracts.js';

/**
 * The orchestration received the cancel event and its in-flight items have settled: every item of the current
 * page it never scheduled is counted cancelled (as a queue worker would on seeing the cancel flag), planning
 * stops and the job closes `cancelled`. The event is itself a cancel request, so the flag is set if missing.
 */
export async function cancelRestActivity(
  deps: { tracker: Pick<Tracker, 'requestCancel' | 'itemsOfPage' | 'record' | 'stopPlanning' | 'closeJob'> },
  rawInput: unknown,
): Promise<CancelRestResult> {
  const { job_id: jobId, page } = pageRefSchema.parse(rawInput);
  const request = await deps.tracker.requestCancel(jobId);
  if (!request || isTerminal(request.job.status)) return { cancelled: 0 };
  const cancelled = await recordUnsettledItemsOfPage(deps, request.job, page, {
    status: 'cancelled',
    error: { ...CANCELLED_ITEM_ERROR },
  });
  await finishPlanningEarly(deps, jobId);
  return { cancelled };
}
