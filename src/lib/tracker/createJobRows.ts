import type { TableClient, TransactionAction } from '@azure/data-tables';
import { BUDGET_ROW, INDEX_PARTITION, shardRow } from './keys.js';
import type { BudgetRow, ShardRow } from './entities.js';
import { encodeJob, type Job } from './jobRecord.js';

/** The job row, its zeroed counter shards (and budget) in one transaction, then its entry in the newest-first index. */
export async function createJobRows(table: TableClient, job: Job): Promise<void> {
  const actions: TransactionAction[] = [['create', encodeJob(job)]];
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
  if (job.max_characters !== undefined) {
    const budget: BudgetRow = {
      partitionKey: job.partitionKey,
      rowKey: BUDGET_ROW,
      max_characters: job.max_characters,
      reserved: 0,
    };
    actions.push(['create', budget]);
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
