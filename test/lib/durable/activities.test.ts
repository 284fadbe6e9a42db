/**
 * The durable mode's activities against real storage: each reuses the queue mode's planner and worker steps,
 * and each must be safe to run again, since Durable runs activities at least once.
 */
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { cancelRestActivity } from '../../../src/lib/durable/cancelRestActivity.js';
import type { ItemActivityResult, PlanPageResult } from '../../../src/lib/durable/contracts.js';
import { failPlanningActivity, finishJobActivity } from '../../../src/lib/durable/finishJobActivity.js';
import { failItemActivity, translateItemActivity } from '../../../src/lib/durable/itemActivities.js';
import type { JobOrchestrations } from '../../../src/lib/durable/jobOrchestrations.js';
import { planDurablePage } from '../../../src/lib/durable/planPageActivity.js';
import { cancelJob } from '../../../src/lib/jobs/cancelJob.js';
import { createJob } from '../../../src/lib/jobs/createJob.js';
import { parseJobRequest } from '../../../src/lib/jobs/jobRequest.js';
import type { TranslateItemMessage } from '../../../src/lib/messages.js';
import { recordPage } from '../../../src/lib/planner/recordPage.js';
import { itemKeyOf } from '../../../src/lib/tracker/keys.js';
import { FaultyTranslator } from '../../helpers/faultyTranslator.js';
import { jobStatus } from '../../helpers/jobs.js';
import { jobRow, numberedFiles, pairOf } from '../../helpers/planner.js';
import {
  jobsTableOf,
  testEnvironment,
  uniqueName,
  type TestEnvironment,
} from '../../helpers/testServices.js';

const noClient: JobOrchestrations = { start: async () => undefined, signalCancel: async () => undefined };

function pageOf(result: PlanPageResult): Extract<PlanPageResult, { kind: 'page' }> {
  assert.equal(result.kind, 'page', JSON.stringify(result));
  return result;
}

void describe('durable activities', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function durableJob(
    overrides: Record<string, string>,
    files: Record<string, string>,
    languages = ['es', 'de'],
    translator?: FaultyTranslator,
  ): Promise<{ env: TestEnvironment; jobId: string; target: string }> {
    const env = await testEnvironment(overrides, translator ? { translator } : {});
    cleanups.push(() => env.cleanup());
    const source = await env.sourceContainer(files);
    const target = uniqueName('out');
    const request = parseJobRequest(
      { source_container: source, target_container: target, target_languages: languages, mode: 'durable' },
      { allowHttpLoopbackCallbacks: false },
    );
    const job = (await createJob(env.services, request, undefined, noClient)).body;
    return { env, jobId: job.job_id, target };
  }

  void test('a page is planned like the queue planner plans it, and returned instead of enqueued', async () => {
    const files = numberedFiles(5);
    const { env, jobId } = await durableJob({ PLANNER_PAGE_SIZE: '3' }, files);
    const first = pageOf(await planDurablePage(env.services, { job_id: jobId, page: 0 }));
    assert.equal(first.items.length, 6, 'three files in two languages');
    assert.ok(first.next_cursor, 'more to come');
    for (const m of first.items) {
      assert.equal(m.item_key, itemKeyOf(0, m.source_path, m.target_language));
      assert.equal(m.target_path, `${m.target_language}/${m.source_path}`);
    }
    let status = await jobStatus(env.services, jobId);
    assert.deepEqual([status.status, status.total_files, status.planning_complete], ['processing', 6, false]);
    assert.equal((await env.services.translationQueue.peekMessages()).peekedMessageItems.length, 0);

    // The result of a finished run was lost: running the page again returns the same items, counted once.
    const again = pageOf(await planDurablePage(env.services, { job_id: jobId, page: 0 }));
    assert.deepEqual(again.items.map(pairOf).sort(), first.items.map(pairOf).sort());
    assert.equal(again.next_cursor, first.next_cursor);
    assert.equal((await jobStatus(env.services, jobId)).total_files, 6);
    await assert.rejects(
      planDurablePage(env.services, { job_id: jobId, page: 3 }),
      /planning page 1, not page 3/,
      'a page out of step is an error (retried, then planning fails)',
    );

    const last = pageOf(
      await planDurablePage(env.services, { job_id: jobId, page: 1, cursor: first.next_cursor }),
    );
    assert.deepEqual(last.items.map(pairOf).sort(), [
      'de:file-03.txt',
      'de:file-04.txt',
      'es:file-03.txt',
      'es:file-04.txt',
    ]);
    assert.equal(last.next_cursor, undefined);
    status = await jobStatus(env.services, jobId);
    assert.deepEqual([status.total_files, status.planning_complete], [10, true]);

    assert.deepEqual(await planDurablePage(env.services, { job_id: jobId, page: 2 }), {
      kind: 'stopped',
      reason: 'finished',
    });
  });

  void test('a page counted by a run that died before finishing it is read back, not counted again', async () => {
    const { env, jobId } = await durableJob({ PLANNER_PAGE_SIZE: '10' }, numberedFiles(4), ['fr']);
    const counted = await recordPage(env.services, await jobRow(env.services, jobId));
    assert.equal(counted?.rows.length, 4);
    assert.equal((await jobRow(env.services, jobId)).pending_page, 0);
    const page = pageOf(await planDurablePage(env.services, { job_id: jobId, page: 0 }));
    assert.equal(page.items.length, 4);
    const status = await jobStatus(env.services, jobId);
    assert.deepEqual([status.total_files, status.planning_complete], [4, true]);
  });

  void test('items run through the queue worker; a failure after retries is recorded retries_exhausted', async () => {
    const translator = new FaultyTranslator((segment) => segment.includes('File 1'));
    const { env, jobId, target } = await durableJob({}, numberedFiles(2), ['it'], translator);
    const page = pageOf(await planDurablePage(env.services, { job_id: jobId, page: 0 }));
    const [good, bad] = [...page.items].sort((a, b) => a.source_path.localeCompare(b.source_path));
    assert.ok(good && bad);

    const result = await translateItemActivity(env.services, good);
    assert.deepEqual(result, { status: 'succeeded', characters: result.characters, duplicate: false });
    assert.ok(result.characters > 0);
    assert.deepEqual(await translateItemActivity(env.services, good), {
      ...result,
      characters: 0,
      duplicate: true,
    } satisfies ItemActivityResult);
    for (let attempt = 1; attempt <= 3; attempt++) {
      await assert.rejects(translateItemActivity(env.services, bad), /500 Internal Server Error/);
    }
    const failed = await failItemActivity(env.services, { message: bad, attempts: 3 });
    assert.deepEqual(failed, {
      status: 'failed',
      error_code: 'retries_exhausted',
      characters: 0,
      duplicate: false,
    });

    const summary = await finishJobActivity(env.services, { job_id: jobId });
    assert.deepEqual(
      [summary.status, summary.total_files, summary.succeeded_files, summary.failed_files],
      ['completed_with_errors', 2, 1, 1],
    );
    const item = (await jobsTableOf(env.services).getEntity<{ error_message: string; attempts: number }>(
      jobId,
      `item-${bad.item_key}`,
    )) as { error_message: string; attempts: number };
    assert.match(item.error_message, /^Gave up after 3 attempts: provider returned 500/);
    assert.equal(item.attempts, 3);
    const blobs: string[] = [];
    for await (const blob of env.services.storage.blobs.getContainerClient(target).listBlobsFlat())
      blobs.push(blob.name);
    assert.deepEqual(blobs, [`it/${good.source_path}`]);
  });

  void test('cancel: the rest of the page is counted cancelled once, planning stops, the job ends cancelled', async () => {
    const { env, jobId } = await durableJob({ PLANNER_PAGE_SIZE: '3' }, numberedFiles(6), ['es']);
    const page = pageOf(await planDurablePage(env.services, { job_id: jobId, page: 0 }));
    assert.ok(page.next_cursor);
    await translateItemActivity(env.services, page.items[0]);
    const signalled: string[] = [];
    await cancelJob(env.services, jobId, {
      ...noClient,
      signalCancel: async (id) => void signalled.push(id),
    });
    assert.deepEqual(signalled, [jobId]);

    assert.deepEqual(await cancelRestActivity(env.services, { job_id: jobId, page: 0 }), { cancelled: 2 });
    assert.deepEqual(await cancelRestActivity(env.services, { job_id: jobId, page: 0 }), { cancelled: 0 });
    const status = await jobStatus(env.services, jobId);
    assert.deepEqual(
      [
        status.status,
        status.total_files,
        status.succeeded_files,
        status.cancelled_files,
        status.planning_complete,
      ],
      ['cancelled', 3, 1, 2, true],
      'the next page was never listed',
    );
    assert.deepEqual(
      await planDurablePage(env.services, { job_id: jobId, page: 1, cursor: page.next_cursor }),
      {
        kind: 'stopped',
        reason: 'cancelled',
      },
    );
  });

  void test('the cancel event alone (no DELETE) is a cancel request too', async () => {
    const { env, jobId } = await durableJob({}, numberedFiles(2), ['es']);
    await planDurablePage(env.services, { job_id: jobId, page: 0 });
    assert.deepEqual(await cancelRestActivity(env.services, { job_id: jobId, page: 0 }), { cancelled: 2 });
    const status = await jobStatus(env.services, jobId);
    assert.deepEqual(
      [status.status, status.cancel_requested, status.cancelled_files],
      ['cancelled', true, 2],
    );
  });

  void test('a job flagged cancelled before its first page lists nothing', async () => {
    const { env, jobId } = await durableJob({}, numberedFiles(3), ['es']);
    await cancelJob(env.services, jobId, noClient);
    assert.deepEqual(await planDurablePage(env.services, { job_id: jobId, page: 0 }), {
      kind: 'stopped',
      reason: 'cancelled',
    });
    const status = await jobStatus(env.services, jobId);
    assert.deepEqual([status.status, status.total_files], ['cancelled', 0]);
  });

  void test('a page that kept failing stops planning; the job ends failed like a poisoned plan message', async () => {
    const { env, jobId } = await durableJob({}, numberedFiles(2), ['es']);
    assert.deepEqual(await failPlanningActivity(env.services, { job_id: jobId }), { stopped: true });
    const summary = await finishJobActivity(env.services, { job_id: jobId });
    assert.equal(summary.status, 'failed');
    assert.equal(summary.error?.code, 'planning_failed');
  });

  void test('unknown jobs are reported, not crashed on', async () => {
    const env = await testEnvironment();
    cleanups.push(() => env.cleanup());
    const jobId = randomUUID();
    assert.deepEqual(await planDurablePage(env.services, { job_id: jobId, page: 0 }), {
      kind: 'stopped',
      reason: 'unknown_job',
    });
    const message: TranslateItemMessage = {
      kind: 'translate',
      job_id: jobId,
      item_key: itemKeyOf(0, 'a.txt', 'es'),
      source_container: 'src-docs',
      source_path: 'a.txt',
      target_container: 'out-docs',
      target_path: 'es/a.txt',
      target_language: 'es',
      size: 1,
    };
    assert.deepEqual(await translateItemActivity(env.services, message), {
      status: 'skipped',
      characters: 0,
      duplicate: false,
    });
    assert.equal((await finishJobActivity(env.services, { job_id: jobId })).status, 'unknown');
    await assert.rejects(planDurablePage(env.services, { job_id: 'not-a-uuid', page: 0 }));
  });
});
