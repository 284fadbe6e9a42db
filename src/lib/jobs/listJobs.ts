import pLimit from 'p-limit';
import { JOB_STATUSES } from '../tracker/entities.js';
import type { Tracker } from '../tracker/tracker.js';
import { parseListQuery } from './listQuery.js';
import { toJobStatusBody, type JobStatusBody } from './jobStatusBody.js';

export interface JobList {
  jobs: JobStatusBody[];
  continuation: string | null;
}

/** Newest first, from the index partition; each listed job is then read for its live counts. */
export async function listJobs(
  deps: { tracker: Pick<Tracker, 'listJobs' | 'readSnapshot'> },
  params: { status?: string | null; limit?: string | null; continuation?: string | null },
): Promise<JobList> {
  const query = parseListQuery(params, JOB_STATUSES, { limit: 20, max: 100 });
  const page = await deps.tracker.listJobs(query);
  const limit = pLimit(16);
  const snapshots = await Promise.all(page.jobIds.map((id) => limit(() => deps.tracker.readSnapshot(id))));
  return {
    jobs: snapshots.flatMap((s) => (s ? [toJobStatusBody(s)] : [])),
    continuation: page.continuation ?? null,
  };
}
