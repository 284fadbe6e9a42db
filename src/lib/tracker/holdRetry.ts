import type { TableClient } from '@azure/data-tables';
import { passTurn, type HoldResult } from './holdPlanning.js';
import { updateJobRow } from './updateJobRow.js';

export interface RetryHold {
  round: number;
  /** The round's cursor when the message read the job: the hold is refused if the round has moved on. */
  cursor: string;
  /** The token of the retry message that saw a full translation queue (absent: the round's first message). */
  from?: string;
  /** The token of the delayed retry message sent to look again: from now on only it may queue the round on. */
  to: string;
}

/**
 * A retry round's counterpart of holdPlanning: passes the round's waiting turn from the message that saw a
 * full translation queue to the delayed one it sent, in one ETag update. Sent first and recorded second, so a
 * crash in between leaves the sender in charge and the orphan stands down. Refused once the round is over or
 * past the page, while another message holds it, or while a page is claimed: its owner must stay free to queue it.
 */
export async function holdRetry(table: TableClient, jobId: string, hold: RetryHold): Promise<HoldResult> {
  let result: HoldResult = 'refused';
  await updateJobRow(table, jobId, (job) => {
    result = 'refused';
    if (
      !job.retrying ||
      job.retry_round !== hold.round ||
      (job.retry_cursor ?? '') !== hold.cursor ||
      job.retry_pending_by
    )
      return undefined;
    result = passTurn(job.retry_waiting_by, hold.from);
    return result === 'refused' ? undefined : { retry_waiting_by: hold.to };
  });
  return result;
}
