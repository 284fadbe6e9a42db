import type { TableClient } from '@azure/data-tables';
import type { ItemRow } from './entities.js';
import { ITEM_PREFIX, odata, rowKeyRange } from './keys.js';
import { decodeContinuation, encodeContinuation } from './continuation.js';
import type { ItemPage } from './listItemRows.js';

/**
 * One page of the item rows a retry round may act on: failed ones (and cancelled ones when asked), and rows
 * without an outcome, which in a re-opened job are this round's items already moved back to the queue (a
 * resumed page sends their messages again). The caller decides per row, by its round, what is still to do.
 */
export async function listRetryCandidates(
  table: TableClient,
  jobId: string,
  options: { includeCancelled: boolean; limit: number; continuation?: string },
): Promise<ItemPage> {
  const statuses = [`status eq 'failed'`, ...(options.includeCancelled ? [`status eq 'cancelled'`] : [])];
  const filter = `PartitionKey eq ${odata(jobId)} and ${rowKeyRange(ITEM_PREFIX)} and (${statuses.join(' or ')} or not (status ge ''))`;
  const pages = table
    .listEntities<ItemRow>({ queryOptions: { filter } })
    .byPage({ maxPageSize: options.limit, continuationToken: decodeContinuation(options.continuation) });
  for await (const page of pages) {
    const continuation = encodeContinuation(page.continuationToken);
    return { items: [...page], ...(continuation ? { continuation } : {}) };
  }
  return { items: [] };
}
