import type { TableClient } from '@azure/data-tables';
import { isNotFound, isPreconditionFailed } from '../errors.js';
import { JOB_ROW } from './keys.js';
import type { JobRow } from './entities.js';
import { decodeJob, type Job } from './jobRecord.js';

/** Fields a change may merge into the job row: its scalar columns (the JSON columns never change). */
export type JobChange = Partial<
  Omit<
    JobRow,
    'partitionKey' | 'rowKey' | 'target_languages' | 'extensions' | 'glossary' | 'no_translate' | 'estimate'
  >
>;

/**
 * Optimistic read-modify-write of a job row. `change` sees the current job and returns the fields to merge,
 * or `undefined` to leave the row alone. Retries on ETag conflicts with a fresh read. Undefined when there
 * is no such job.
 */
export async function updateJobRow(
  table: TableClient,
  jobId: string,
  change: (job: Job) => JobChange | undefined,
  maxAttempts = 20,
): Promise<Job | undefined> {
  for (let attempt = 1; ; attempt++) {
    let job: Job;
    try {
      job = decodeJob(await table.getEntity(jobId, JOB_ROW));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
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
