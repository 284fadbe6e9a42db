import type { Services } from '../services.js';
import { deleteStaleItemRows } from '../tracker/deleteStaleItemRows.js';
import type { ItemRow, JobRow } from '../tracker/entities.js';
import { listItemRowsOfPage } from '../tracker/listItemRows.js';
import { syncIndexRow } from '../tracker/syncIndexRow.js';
import { updateJobRow } from '../tracker/updateJobRow.js';
import { upsertItemRows } from '../tracker/upsertItemRows.js';
import { itemRowsFor } from './itemsForPage.js';
import { listSourcePage } from './listSourcePage.js';

export interface RecordedPage {
  page: number;
  /** Exactly the items this page added to the job's `total`. */
  rows: ItemRow[];
  /** Where the next page starts; absent after the last page. */
  nextCursor?: string;
}

/**
 * Step 1 of planning the job's current page (`job.plan_page`): lists it from `cursor`, writes its item rows,
 * then adds them to `total` and marks the page pending in one ETag update. A page already pending (an earlier
 * attempt died before finishing it) is read back from its item rows instead, so it is never counted twice.
 * Returns undefined when another invocation counted or finished the page first.
 */
export async function recordPage(
  services: Services,
  job: JobRow,
  cursor: string | undefined = job.plan_cursor || undefined,
): Promise<RecordedPage | undefined> {
  const jobId = job.partitionKey;
  const page = job.plan_page;
  if (job.pending_page === page) {
    const rows = await listItemRowsOfPage(services.jobs, jobId, page);
    const nextCursor = job.pending_next_cursor || undefined;
    return { page, rows, ...(nextCursor ? { nextCursor } : {}) };
  }
  const listing = await listSourcePage(services.storage.blobs.getContainerClient(job.source_container), {
    prefix: job.prefix ?? '',
    ...(job.extensions ? { extensions: JSON.parse(job.extensions) as string[] } : {}),
    ...(job.glossary_blob ? { exclude: [job.glossary_blob] } : {}),
    ...(cursor ? { cursor } : {}),
    pageSize: services.config.plannerPageSize,
  });
  const languages = JSON.parse(job.target_languages) as string[];
  const rows = itemRowsFor(jobId, page, listing.blobs, languages);
  const nextCursor = listing.nextCursor;
  await deleteStaleItemRows(services.jobs, jobId, page, rows);
  await upsertItemRows(services.jobs, rows);
  const at = services.now().toISOString();
  const updated = await updateJobRow(services.jobs, jobId, (current) =>
    current.plan_page !== page || current.pending_page === page || current.planning_done
      ? undefined
      : {
          total: current.total + rows.length,
          pending_page: page,
          pending_next_cursor: nextCursor ?? '',
          status: 'processing',
          updated_at: at,
        },
  );
  if (!updated || updated.plan_page !== page || updated.planning_done) return undefined;
  if (page === 0) await syncIndexRow(services.jobs, { index_row: job.index_row, status: 'processing' });
  return { page, rows, ...(nextCursor ? { nextCursor } : {}) };
}
