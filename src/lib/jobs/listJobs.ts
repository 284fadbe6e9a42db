import pLimit from 'p-limit';
import type { Services } from '../services.js';
import { decodeContinuation, encodeContinuation } from '../tracker/continuation.js';
import { JOB_STATUSES } from '../tracker/entities.js';
import { INDEX_PARTITION, odata } from '../tracker/keys.js';
import { readJobSnapshot } from '../tracker/readJobSnapshot.js';
import { parseListQuery } from './listQuery.js';
import { toJobStatusBody, type JobStatusBody } from './jobStatusBody.js';

export interface JobList {
  jobs: JobStatusBody[];
  continuation: string | null;
}

/** Newest first, from the index partition; each listed job is then read for its live counts. */
export async function listJobs(
  services: Services,
  params: { status?: string | null; limit?: string | null; continuation?: string | null },
): Promise<JobList> {
  const query = parseListQuery(params, JOB_STATUSES, { limit: 20, max: 100 });
  let filter = `PartitionKey eq ${odata(INDEX_PARTITION)}`;
  if (query.status) filter += ` and status eq ${odata(query.status)}`;
  const pages = services.jobs
    .listEntities<{ job_id: string }>({ queryOptions: { filter, select: ['job_id'] } })
    .byPage({ maxPageSize: query.limit, continuationToken: decodeContinuation(query.continuation) });
  const limit = pLimit(16);
  for await (const page of pages) {
    const snapshots = await Promise.all(
      page.map((row) => limit(() => readJobSnapshot(services.jobs, row.job_id))),
    );
    const jobs = snapshots.flatMap((s) => (s ? [toJobStatusBody(s)] : []));
    return { jobs, continuation: encodeContinuation(page.continuationToken) ?? null };
  }
  return { jobs: [], continuation: null };
}
