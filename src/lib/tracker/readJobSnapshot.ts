import type { TableClient } from '@azure/data-tables';
import { JOB_ROW, SHARD_PREFIX, odata, pastPrefix } from './keys.js';
import type { ShardRow } from './entities.js';
import { decodeJob, type Job } from './jobRecord.js';

export interface JobSnapshot {
  job: Job;
  shards: ShardRow[];
}

/**
 * Row keys sort `budget` < `done-…` < `item-…` < `job` < `shard-…`: the job row and its shards are the
 * partition's last, contiguous range, so one range condition selects exactly them. The table service reads a
 * key range without touching the item rows before it, where an `or` of conditions would scan the partition.
 */
const JOB_AND_SHARDS = `RowKey ge ${odata(JOB_ROW)} and RowKey lt ${odata(pastPrefix(SHARD_PREFIX))}`;

/** The job row and its counter shards in a single query: the cost stays one call whatever the job's size. */
export async function readJobSnapshot(table: TableClient, jobId: string): Promise<JobSnapshot | undefined> {
  const filter = `PartitionKey eq ${odata(jobId)} and ${JOB_AND_SHARDS}`;
  let job: Job | undefined;
  const shards: ShardRow[] = [];
  for await (const entity of table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
    if (entity.rowKey === JOB_ROW) job = decodeJob(entity);
    else if (entity.rowKey?.startsWith(SHARD_PREFIX)) shards.push(entity as unknown as ShardRow);
  }
  return job ? { job, shards } : undefined;
}
