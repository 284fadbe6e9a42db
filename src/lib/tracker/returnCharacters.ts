import type { TableClient } from '@azure/data-tables';
import { isPreconditionFailed } from '../errors.js';
import { BUDGET_ROW } from './keys.js';
import type { BudgetRow } from './entities.js';

const MAX_CONFLICT_RETRIES = 100;

/** Gives characters reserved but not charged back to a job's budget row, under its ETag. */
export async function returnCharacters(table: TableClient, jobId: string, characters: number): Promise<void> {
  if (characters <= 0) return;
  for (let attempt = 1; ; attempt++) {
    const row = await table.getEntity<BudgetRow>(jobId, BUDGET_ROW);
    try {
      await table.updateEntity(
        { partitionKey: jobId, rowKey: BUDGET_ROW, reserved: Math.max(0, row.reserved - characters) },
        'Merge',
        { etag: row.etag },
      );
      return;
    } catch (error) {
      if (!isPreconditionFailed(error) || attempt >= MAX_CONFLICT_RETRIES) throw error;
    }
  }
}
