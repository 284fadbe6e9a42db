import type { TableClient, TransactionAction } from '@azure/data-tables';
import { INDEX_PARTITION, JOB_ROW, shardRow } from './keys.js';
import type { JobRow, ShardRow } from './entities.js';

/** The job row and its zeroed counter shards in one transaction, then its entry in the newest-first index. */
export async function createJobRows(table: TableClient, job: JobRow): Promise<void> {
  const actions: TransactionAction[] = [['create', job]];
  for (let i = 0; i < job.shards; i++) {
    const shard: ShardRow = {
      partitionKey: job.partitionKey,
      rowKey: shardRow(i),
      succeeded: 0,
      failed: 0,
      cancelled: 0,
      characters: 0,
    };
    actions.push(['create', shard]);
  }
  await table.submitTransaction(actions);
  await table.createEntity({
    partitionKey: INDEX_PARTITION,
    rowKey: job.index_row,
    job_id: job.partitionKey,
    status: job.status,
    created_at: job.created_at,
  });
}

export const isJobRow = (row: { rowKey?: string }): boolean => row.rowKey === JOB_ROW;
