import type { TableClient, TransactionAction } from '@azure/data-tables';
import pLimit from 'p-limit';
import type { ItemRow } from './entities.js';

const BATCH = 100;

/**
 * Writes planned items in transactions of 100. A merge without `status` never regresses an item a worker
 * already finished, so the planner can safely redo a page after a crash.
 */
export async function upsertItemRows(
  table: TableClient,
  rows: readonly ItemRow[],
  concurrency = 8,
): Promise<void> {
  const limit = pLimit(concurrency);
  const batches: ItemRow[][] = [];
  for (let i = 0; i < rows.length; i += BATCH) batches.push(rows.slice(i, i + BATCH));
  await Promise.all(
    batches.map((batch) =>
      limit(() => table.submitTransaction(batch.map((row): TransactionAction => ['upsert', row, 'Merge']))),
    ),
  );
}
