import type { TableClient, TransactionAction } from '@azure/data-tables';
import type { ItemRow } from './entities.js';
import { listItemRowsOfPage } from './listItemRows.js';

/**
 * Before a page is counted, drops item rows an earlier, crashed attempt at the same page wrote for blobs the
 * new listing no longer returns. Such rows were never counted nor sent (messages go out only after the count
 * is recorded), so removing them keeps "a page's item rows" and "what the page added to total" the same set.
 */
export async function deleteStaleItemRows(
  table: TableClient,
  jobId: string,
  page: number,
  current: readonly ItemRow[],
): Promise<number> {
  const keep = new Set(current.map((row) => row.rowKey));
  const stale = (await listItemRowsOfPage(table, jobId, page)).filter((row) => !keep.has(row.rowKey));
  for (let i = 0; i < stale.length; i += 100) {
    const batch = stale.slice(i, i + 100);
    await table.submitTransaction(
      batch.map((row): TransactionAction => ['delete', { partitionKey: jobId, rowKey: row.rowKey }]),
    );
  }
  return stale.length;
}
