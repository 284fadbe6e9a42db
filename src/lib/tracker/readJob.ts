import type { TableClient } from '@azure/data-tables';
import { isNotFound } from '../errors.js';
import { JOB_ROW } from './keys.js';
import { decodeJob, type Job } from './jobRecord.js';

/** The job row alone, decoded; undefined when there is no such job. */
export async function readJob(table: TableClient, jobId: string): Promise<Job | undefined> {
  try {
    return decodeJob(await table.getEntity(jobId, JOB_ROW));
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}
