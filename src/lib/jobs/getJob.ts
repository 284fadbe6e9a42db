import { NotFoundError } from '../errors.js';
import type { Tracker } from '../tracker/tracker.js';
import { parseJobId } from './jobId.js';
import { toJobStatusBody, type JobStatusBody } from './jobStatusBody.js';

export const jobNotFound = (jobId: string): NotFoundError =>
  new NotFoundError('job_not_found', `No job with id ${jobId}.`);

/** One storage query, whatever the number of files. */
export async function getJob(
  deps: { tracker: Pick<Tracker, 'readSnapshot'> },
  rawJobId: string | undefined,
): Promise<JobStatusBody> {
  const jobId = parseJobId(rawJobId);
  const snapshot = await deps.tracker.readSnapshot(jobId);
  if (!snapshot) throw jobNotFound(jobId);
  return toJobStatusBody(snapshot);
}
