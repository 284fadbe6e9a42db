import type { TableClient } from '@azure/data-tables';
import { isTerminal } from './entities.js';
import type { Job } from './jobRecord.js';
import { updateJobRow } from './updateJobRow.js';

/** The job as it was when cancellation was asked, and whether this call set the flag. */
export interface CancelRequest {
  job: Job;
  requested: boolean;
}

/** Sets the job's cancel flag unless it is already set or the job has ended. Undefined: no such job. */
export async function requestCancel(
  table: TableClient,
  jobId: string,
  at: string,
): Promise<CancelRequest | undefined> {
  let requested = false;
  const job = await updateJobRow(table, jobId, (current) => {
    if (current.cancel_requested || isTerminal(current.status)) return undefined;
    requested = true;
    return { cancel_requested: true, cancel_requested_at: at, updated_at: at };
  });
  return job && { job, requested };
}
