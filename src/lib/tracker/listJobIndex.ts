import type { TableClient } from '@azure/data-tables';
import { decodeContinuation, encodeContinuation } from './continuation.js';
import { INDEX_PARTITION, odata } from './keys.js';

export interface JobIndexPage {
  jobIds: string[];
  continuation?: string;
}

/** One page of the newest-first index of jobs, optionally only those with `status`. */
export async function listJobIndex(
  table: TableClient,
  options: { status?: string; limit: number; continuation?: string },
): Promise<JobIndexPage> {
  let filter = `PartitionKey eq ${odata(INDEX_PARTITION)}`;
  if (options.status) filter += ` and status eq ${odata(options.status)}`;
  const pages = table
    .listEntities<{ job_id: string }>({ queryOptions: { filter, select: ['job_id'] } })
    .byPage({ maxPageSize: options.limit, continuationToken: decodeContinuation(options.continuation) });
  for await (const page of pages) {
    const continuation = encodeContinuation(page.continuationToken);
    return { jobIds: page.map((row) => row.job_id), ...(continuation ? { continuation } : {}) };
  }
  return { jobIds: [] };
}
