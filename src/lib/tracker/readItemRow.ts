import type { TableClient } from '@azure/data-tables';
import { isNotFound } from '../errors.js';
import type { ItemRow } from './entities.js';
import { itemRow } from './keys.js';

export async function readItemRow(
  table: TableClient,
  jobId: string,
  itemKey: string,
): Promise<ItemRow | undefined> {
  try {
    return await table.getEntity<ItemRow>(jobId, itemRow(itemKey));
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}
