import type { TableClient } from '@azure/data-tables';
import { ITEM_PREFIX, odata, pageKey, rowKeyRange } from './keys.js';
import type { ItemRow } from './entities.js';
import { decodeContinuation, encodeContinuation } from './continuation.js';

export interface ItemPage {
  items: ItemRow[];
  continuation?: string;
}

/** One page of a job's items. `status: 'queued'` matches rows that have no outcome yet. */
export async function listItemRows(
  table: TableClient,
  jobId: string,
  options: { status?: string; limit: number; continuation?: string },
): Promise<ItemPage> {
  let filter = `PartitionKey eq ${odata(jobId)} and ${rowKeyRange(ITEM_PREFIX)}`;
  if (options.status === 'queued') filter += ` and not (status ge '')`;
  else if (options.status) filter += ` and status eq ${odata(options.status)}`;
  const pages = table
    .listEntities<ItemRow>({ queryOptions: { filter } })
    .byPage({ maxPageSize: options.limit, continuationToken: decodeContinuation(options.continuation) });
  for await (const page of pages) {
    return { items: [...page], continuation: encodeContinuation(page.continuationToken) };
  }
  return { items: [] };
}

/** The items of one planner page: a row-key range, since item keys start with their page. */
export async function listItemRowsOfPage(
  table: TableClient,
  jobId: string,
  page: number,
): Promise<ItemRow[]> {
  const filter = `PartitionKey eq ${odata(jobId)} and ${rowKeyRange(`${ITEM_PREFIX}${pageKey(page)}-`)}`;
  const rows: ItemRow[] = [];
  for await (const row of table.listEntities<ItemRow>({ queryOptions: { filter } })) rows.push(row);
  return rows;
}
