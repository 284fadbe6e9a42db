import type { TableClient } from '@azure/data-tables';
import { updateJobRow } from './updateJobRow.js';

export interface RetryPageClaim {
  round: number;
  /** The round's cursor when the message read the job: the claim is refused if the round has moved on. */
  cursor: string;
  /** The retry message's token. */
  token: string;
}

/** `claimed`: the page is now this message's; `resumed`: it already was (a redelivery); `refused`: not its. */
export type ClaimResult = 'claimed' | 'resumed' | 'refused';

/**
 * Makes one retry message the owner of the round's current page, in one ETag update, before it moves any item.
 * Only the owner may queue the page's items and move the cursor (advanceRetry), so two messages of one round
 * (a late redelivery racing its successor) never both send a page's items, nor go on as two chains that each
 * charge the provider for the rest of the round. The owner's own redelivery resumes the page; once the cursor
 * moves the page is no one's, and whichever message comes next takes the next one: a message whose successor
 * was lost carries the round on itself.
 */
export async function claimRetryPage(
  table: TableClient,
  jobId: string,
  claim: RetryPageClaim,
): Promise<ClaimResult> {
  let result: ClaimResult = 'refused';
  await updateJobRow(table, jobId, (job) => {
    result = 'refused';
    if (!job.retrying || job.retry_round !== claim.round || (job.retry_cursor ?? '') !== claim.cursor)
      return undefined;
    const owner = job.retry_pending_by ?? '';
    if (owner === claim.token) {
      result = 'resumed';
      return undefined;
    }
    if (owner) return undefined;
    result = 'claimed';
    return { retry_pending_by: claim.token };
  });
  return result;
}
