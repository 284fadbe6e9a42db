import type { TableClient } from '@azure/data-tables';
import { JOB_ROW, SHARD_PREFIX, odata, rowKeyRange } from './keys.js';
import type { ShardRow } from './entities.js';
import { decodeJob, type Job } from './jobRecord.js';

export interface JobSnapshot {
  job: Job;
  shards: ShardRow[];
}

/** The job row and its counter shards in a single query: the cost stays one call whatever the job's size. */
export async function readJobSnapshot(table: TableClient, jobId: string): Promise<JobSnapshot | undefined> {
  const filter = `PartitionKey eq ${odata(jobId)} and (RowKey eq ${odata(JOB_ROW)} or (${rowKeyRange(SHARD_PREFIX)}))`;
  let job: Job | undefined;
  const shards: ShardRow[] = [];
  for await (const entity of table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
    if (entity.rowKey === JOB_ROW) job = decodeJob(entity);
    else shards.push(entity as unknown as ShardRow);
  }
  return job ? { job, shards } : undefined;
}
