import type { TableClient } from '@azure/data-tables';
import { INDEX_PARTITION } from './keys.js';
import type { Job } from './jobRecord.js';

/** Keeps the newest-first index's copy of a job's status in step (it only serves `?status=` filters). */
export async function syncIndexRow(
  table: TableClient,
  job: Pick<Job, 'index_row' | 'status'>,
): Promise<void> {
  await table.upsertEntity(
    { partitionKey: INDEX_PARTITION, rowKey: job.index_row, status: job.status },
    'Merge',
  );
}
