import pLimit from 'p-limit';
import { isNotFound } from '../errors.js';
import { planMessageSchema, type PlanMessage } from '../messages.js';
import type { Services } from '../services.js';
import { encodeMessage } from '../storage/messageCodec.js';
import { closeJobIfDone } from '../tracker/closeJobIfDone.js';
import type { ItemRow, JobRow } from '../tracker/entities.js';
import { JOB_ROW } from '../tracker/keys.js';
import { listItemRowsOfPage } from '../tracker/listItemRows.js';
import { syncIndexRow } from '../tracker/syncIndexRow.js';
import { updateJobRow } from '../tracker/updateJobRow.js';
import { upsertItemRows } from '../tracker/upsertItemRows.js';
import { deleteStaleItemRows } from '../tracker/deleteStaleItemRows.js';
import { itemRowsFor, messageFor } from './itemsForPage.js';
import { listSourcePage } from './listSourcePage.js';

export type PlanOutcome =
  | { kind: 'invalid_message'; reason: string }
  | { kind: 'unknown_job'; jobId: string }
  | { kind: 'planned_page'; jobId: string; page: number; items: number; more: boolean }
  | { kind: 'already_planned'; jobId: string }
  | { kind: 'stopped'; jobId: string; reason: 'cancelled' | 'failed' };

const NO_PAGE = -1;

async function finishPlanningEarly(services: Services, jobId: string): Promise<void> {
  const at = services.now().toISOString();
  await updateJobRow(services.jobs, jobId, (job) =>
    job.planning_done ? undefined : { planning_done: true, pending_page: NO_PAGE, updated_at: at },
  );
  await closeJobIfDone(services.jobs, jobId, services.now);
}

/**
 * Plans one page of a job per invocation, then enqueues itself for the next page. Each page runs in three
 * recorded steps so a crash or redelivery at any point neither loses nor double-counts items:
 *   1. write the page's item rows, then add them to `total` and mark the page pending (one ETag update);
 *   2. enqueue one message per item (a redelivered page re-sends from the item rows; duplicates are
 *      harmless because outcomes are recorded once);
 *   3. advance the cursor, and close planning on the last page.
 */
export async function planJob(services: Services, body: unknown): Promise<PlanOutcome> {
  const parsed = planMessageSchema.safeParse(body);
  if (!parsed.success)
    return { kind: 'invalid_message', reason: parsed.error.issues[0]?.message ?? 'invalid' };
  const { job_id: jobId } = parsed.data;

  let job: JobRow;
  try {
    job = await services.jobs.getEntity<JobRow>(jobId, JOB_ROW);
  } catch (error) {
    if (isNotFound(error)) return { kind: 'unknown_job', jobId };
    throw error;
  }
  if (job.planning_done) {
    await closeJobIfDone(services.jobs, jobId, services.now);
    return { kind: 'already_planned', jobId };
  }
  if (job.cancel_requested || job.error_code) {
    await finishPlanningEarly(services, jobId);
    return { kind: 'stopped', jobId, reason: job.cancel_requested ? 'cancelled' : 'failed' };
  }

  const page = job.plan_page;
  const languages = JSON.parse(job.target_languages) as string[];
  let rows: ItemRow[];
  let nextCursor: string | undefined;

  if (job.pending_page === page) {
    rows = await listItemRowsOfPage(services.jobs, jobId, page);
    nextCursor = job.pending_next_cursor || undefined;
  } else {
    const listing = await listSourcePage(services.storage.blobs.getContainerClient(job.source_container), {
      prefix: job.prefix ?? '',
      ...(job.extensions ? { extensions: JSON.parse(job.extensions) as string[] } : {}),
      ...(job.plan_cursor ? { cursor: job.plan_cursor } : {}),
      pageSize: services.config.plannerPageSize,
    });
    rows = itemRowsFor(jobId, page, listing.blobs, languages);
    nextCursor = listing.nextCursor;
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
    if (!updated || updated.plan_page !== page || updated.planning_done)
      return { kind: 'already_planned', jobId };
    if (page === 0) await syncIndexRow(services.jobs, { index_row: job.index_row, status: 'processing' });
  }

  const limit = pLimit(services.config.plannerEnqueueConcurrency);
  await Promise.all(
    rows.map((row) =>
      limit(() => services.translationQueue.sendMessage(encodeMessage(messageFor(job, row)))),
    ),
  );

  const at = services.now().toISOString();
  await updateJobRow(services.jobs, jobId, (current) =>
    current.plan_page !== page || current.planning_done
      ? undefined
      : {
          plan_page: page + 1,
          plan_cursor: nextCursor ?? '',
          pending_page: NO_PAGE,
          pending_next_cursor: '',
          planning_done: !nextCursor,
          updated_at: at,
        },
  );
  if (nextCursor) {
    const next: PlanMessage = { kind: 'plan', job_id: jobId };
    await services.planQueue.sendMessage(encodeMessage(next));
  } else {
    await closeJobIfDone(services.jobs, jobId, services.now);
  }
  return { kind: 'planned_page', jobId, page, items: rows.length, more: Boolean(nextCursor) };
}
