import { isNotFound } from '../errors.js';
import { finishPlanningEarly } from '../planner/finishPlanningEarly.js';
import { recordUnsettledItemsOfPage } from '../planner/recordUnsettledItems.js';
import type { Services } from '../services.js';
import { isTerminal, type JobRow } from '../tracker/entities.js';
import { updateJobRow } from '../tracker/updateJobRow.js';
import { CANCELLED_ITEM_ERROR } from '../worker/translateFile.js';
import { pageRefSchema, type CancelRestResult } from './contracts.js';

/**
 * The orchestration received the cancel event and its in-flight items have settled: every item of the current
 * page it never scheduled is counted cancelled (as a queue worker would on seeing the cancel flag), planning
 * stops and the job closes `cancelled`. The event is itself a cancel request, so the flag is set if missing.
 */
export async function cancelRestActivity(services: Services, rawInput: unknown): Promise<CancelRestResult> {
  const { job_id: jobId, page } = pageRefSchema.parse(rawInput);
  const at = services.now().toISOString();
  let job: JobRow | undefined;
  try {
    job = await updateJobRow(services.jobs, jobId, (current) =>
      current.cancel_requested || isTerminal(current.status)
        ? undefined
        : { cancel_requested: true, cancel_requested_at: at, updated_at: at },
    );
  } catch (error) {
    if (isNotFound(error)) return { cancelled: 0 };
    throw error;
  }
  if (!job || isTerminal(job.status)) return { cancelled: 0 };
  const cancelled = await recordUnsettledItemsOfPage(services, job, page, {
    status: 'cancelled',
    error: { ...CANCELLED_ITEM_ERROR },
  });
  await finishPlanningEarly(services, jobId);
  return { cancelled };
}
