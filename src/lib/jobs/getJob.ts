import { NotFoundError } from '../errors.js';
import type { Services } from '../services.js';
import { readJobSnapshot } from '../tracker/readJobSnapshot.js';
import { parseJobId } from './jobId.js';
import { toJobStatusBody, type JobStatusBody } from './jobStatusBody.js';

export const jobNotFound = (jobId: string): NotFoundError =>
  new NotFoundError('job_not_found', `No job with id ${jobId}.`);

/** One storage query, whatever the number of files. */
export async function getJob(services: Services, rawJobId: string | undefined): Promise<JobStatusBody> {
  const jobId = parseJobId(rawJobId);
  const snapshot = await readJobSnapshot(services.jobs, jobId);
  if (!snapshot) throw jobNotFound(jobId);
  return toJobStatusBody(snapshot);
}
