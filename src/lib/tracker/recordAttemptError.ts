import type { TableClient } from '@azure/data-tables';
import { describeError } from '../errors.js';
import { itemRow } from './keys.js';

/** Remembers why an attempt failed, so the poison handler can say why the item finally gave up. */
export async function recordAttemptError(
  table: TableClient,
  jobId: string,
  itemKey: string,
  attempts: number,
  error: unknown,
): Promise<void> {
  await table.upsertEntity(
    {
      partitionKey: jobId,
      rowKey: itemRow(itemKey),
      attempts,
      last_error_code: (error as { code?: string }).code ?? (error as Error).name ?? 'error',
      last_error_message: describeError(error).slice(0, 1000),
    },
    'Merge',
  );
}
