import type { TableClient } from '@azure/data-tables';
import { isPreconditionFailed } from '../errors.js';
import { BUDGET_ROW } from './keys.js';
import type { BudgetRow } from './entities.js';

const MAX_CONFLICT_RETRIES = 100;

/**
 * Takes characters from a job's budget row under its ETag: between `atLeast` and `upTo` (a number, or one
 * computed from what remains), as many as remain,
 * or none when fewer than `atLeast` remain (0 is returned). `force` takes `upTo` even past the maximum: a
 * provider that billed more than was reserved has already charged it, and the row must say so.
 */
export async function takeCharacters(
  table: TableClient,
  jobId: string,
  amount: { atLeast: number; upTo: number | ((remaining: number) => number); force?: boolean },
): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const row = await table.getEntity<BudgetRow>(jobId, BUDGET_ROW);
    const remaining = Math.max(0, row.max_characters - row.reserved);
    const upTo = typeof amount.upTo === 'number' ? amount.upTo : amount.upTo(remaining);
    const take = amount.force ? upTo : remaining < amount.atLeast ? 0 : Math.min(remaining, upTo);
    if (take === 0) return 0;
    try {
      await table.updateEntity(
        { partitionKey: jobId, rowKey: BUDGET_ROW, reserved: row.reserved + take },
        'Merge',
        { etag: row.etag },
      );
      return take;
    } catch (error) {
      if (!isPreconditionFailed(error) || attempt >= MAX_CONFLICT_RETRIES) throw error;
    }
  }
}
