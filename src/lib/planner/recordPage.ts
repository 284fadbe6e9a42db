import type { Services } from '../services.js';
import type { ItemRow } from '../tracker/entities.js';
import type { Job } from '../tracker/jobRecord.js';
import type { Tracker } from '../tracker/tracker.js';
import { itemRowsFor } from './itemsForPage.js';
import { listSourcePage } from './listSourcePage.js';
import type { MeasuredPage } from './measurePage.js';

export interface RecordedPage {
  page: number;
  /** Exactly the items this page added to the job's `total`. */
  rows: ItemRow[];
  /** Where the next page starts; absent after the last page. */
  nextCursor?: string;
}

export type PageDeps = Pick<Services, 'config' | 'storage'> & {
  tracker: Pick<Tracker, 'itemsOfPage' | 'writePageItems' | 'countPage'>;
};

/**
 * Step 1 of planning the job's current page (`job.plan_page`): lists it from `cursor`, writes its item rows,
 * then adds them to `total` and marks the page pending in one ETag update (with the outcomes `measure`
 * decided, in the same transaction). A page already pending (an earlier
 * attempt died before finishing it) is read back from its item rows instead, so it is never counted twice.
 * Returns undefined when another invocation counted or finished the page first, or holds it pending.
 */
export async function recordPage(
  deps: PageDeps,
  job: Job,
  cursor: string | undefined = job.plan_cursor || undefined,
  /** The plan message's token: it owns the page it counts, and only it may resume that page. */
  owner?: string,
  /** Decides some items' outcomes before the rows are written (a dry run's measurement, see measurePage). */
  measure?: (rows: ItemRow[]) => Promise<MeasuredPage>,
): Promise<RecordedPage | undefined> {
  const jobId = job.partitionKey;
  const page = job.plan_page;
  if (job.pending_page === page) {
    // Another plan message counted this page and is handing it on (or will, on its redelivery).
    if (job.pending_by && job.pending_by !== owner) return undefined;
    const rows = await deps.tracker.itemsOfPage(jobId, page);
    const nextCursor = job.pending_next_cursor || undefined;
    return { page, rows, ...(nextCursor ? { nextCursor } : {}) };
  }
  const listing = await listSourcePage(deps.storage.blobs.getContainerClient(job.source_container), {
    prefix: job.prefix ?? '',
    ...(job.extensions ? { extensions: job.extensions } : {}),
    exclude: [job.glossary_blob, job.translation_memory_blob].filter((b): b is string => Boolean(b)),
    ...(cursor ? { cursor } : {}),
    pageSize: deps.config.plannerPageSize,
  });
  const listed = itemRowsFor(jobId, page, listing.blobs, job.target_languages);
  const { rows, settled } = measure ? await measure(listed) : { rows: listed, settled: undefined };
  const nextCursor = listing.nextCursor;
  await deps.tracker.writePageItems(jobId, page, rows);
  const counted = await deps.tracker.countPage(jobId, {
    number: page,
    items: rows.length,
    ...(nextCursor ? { nextCursor } : {}),
    ...(owner ? { owner } : {}),
    ...(settled ? { settled } : {}),
  });
  if (!counted) return undefined;
  return { page, rows, ...(nextCursor ? { nextCursor } : {}) };
}
