import type { TableClient } from '@azure/data-tables';
import { updateJobRow } from './updateJobRow.js';

export interface PlanningHold {
  /** The page held back: the hold is refused if planning has moved on since it was read. */
  page: number;
  /** The token of the plan message that decided to wait. */
  from?: string;
  /** The token of the delayed plan message sent to look again: from now on only it may plan on. */
  to: string;
}

/**
 * `first`: the page's first hold (nobody was waiting); `renewed`: the waiting message handed on to its
 * successor; `refused`: planning moved on, or another message holds the job, so `to` will stand down.
 */
export type HoldResult = 'first' | 'renewed' | 'refused';

/** A waiting turn passes only from the message holding it, or from anyone while no one does. */
export function passTurn(waiting: string | undefined, from: string | undefined): HoldResult {
  if (waiting && waiting !== from) return 'refused';
  return waiting ? 'renewed' : 'first';
}

/**
 * Passes the job's waiting turn from the plan message that saw a full translation queue to the delayed one
 * it sent, in one ETag update. Sent first and recorded second, so a crash in between leaves the sender in
 * charge (its redelivery waits again and the orphan stands down) and never a holder that does not exist.
 * Refused while a page is pending: its owner must stay free to hand it on.
 */
export async function holdPlanning(
  table: TableClient,
  jobId: string,
  hold: PlanningHold,
): Promise<HoldResult> {
  let result: HoldResult = 'refused';
  await updateJobRow(table, jobId, (job) => {
    result = 'refused';
    if (job.planning_done || job.plan_page !== hold.page || job.pending_page === job.plan_page)
      return undefined;
    result = passTurn(job.waiting_by, hold.from);
    return result === 'refused' ? undefined : { waiting_by: hold.to };
  });
  return result;
}
