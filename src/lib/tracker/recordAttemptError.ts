import type { TableClient } from '@azure/data-tables';
import { itemRow } from './keys.js';

/** Remembers why an attempt failed, so /files and the poison handler can say why the item is late or gave up. */
export async function recordAttemptError(
  table: TableClient,
  jobId: string,
  itemKey: string,
  attempts: number,
  error: { code: string; message: string },
): Promise<void> {
  await table.upsertEntity(
    {
      partitionKey: jobId,
      rowKey: itemRow(itemKey),
      attempts,
      last_error_code: error.code,
      last_error_message: error.message.slice(0, 1000),
    },
    'Merge',
  );
}
