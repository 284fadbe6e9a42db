import type { TableClient } from '@azure/data-tables';
import { isPreconditionFailed } from '../errors.js';
import { JOB_ROW } from './keys.js';
import type { JobRow } from './entities.js';

/**
 * Optimistic read-modify-write of a job row. `change` sees the current row and returns the fields to merge,
 * or `undefined` to leave the row alone. Retries on ETag conflicts with a fresh read.
 */
export async function updateJobRow(
  table: TableClient,
  jobId: string,
  change: (job: JobRow) => Partial<JobRow> | undefined,
  maxAttempts = 20,
): Promise<JobRow | undefined> {
  for (let attempt = 1; ; attempt++) {
    const job = await table.getEntity<JobRow>(jobId, JOB_ROW);
    const fields = change(job);
    if (!fields) return job;
    try {
      await table.updateEntity({ partitionKey: jobId, rowKey: JOB_ROW, ...fields }, 'Merge', {
        etag: job.etag,
      });
      return { ...job, ...fields };
    } catch (error) {
      if (!isPreconditionFailed(error) || attempt >= maxAttempts) throw error;
    }
  }
}
