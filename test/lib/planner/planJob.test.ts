import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { cancelJob } from '../../../src/lib/jobs/cancelJob.js';
import { listJobFiles } from '../../../src/lib/jobs/listJobFiles.js';
import { failPlanning } from '../../../src/lib/planner/failPlanning.js';
import { planJob } from '../../../src/lib/planner/planJob.js';
import { createServices } from '../../../src/lib/services.js';
import { INDEX_PARTITION, itemKeyOf } from '../../../src/lib/tracker/keys.js';
import { createStorageClients } from '../../../src/lib/storage/clients.js';
import {
  jobsTableOf,
  testEnvironment,
  uniqueName,
  type TestEnvironment,
} from '../../helpers/testServices.js';
import { countBlobs, drainQueue, jobStatus, planFully, submitJob } from '../../helpers/jobs.js';
import {
  drainItemMessages,
  jobRow,
  numberedFiles,
  pairOf,
  planStepwise,
  processAll,
  queueFailingAfter,
  takePlanMessage,
  tally,
} from '../../helpers/planner.js';

void describe('planJob', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function environment(overrides: Record<string, string> = {}): Promise<TestEnvironment> {
    const env = await testEnvironment(overrides);
    cleanups.push(() => env.cleanup());
    return env;
  }

  void test('plans a large source one page per plan message, enqueueing each (file, language) once', async () => {
    const env = await environment({ PLANNER_PAGE_SIZE: '7' });
    const files = numberedFiles(30);
    const source = await env.sourceContainer(files);
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_languages: ['es', 'de'],
    });
    assert.equal(job.status, 'queued');

    const steps = await planStepwise(env.services, job.job_id);
    assert.ok(steps.length >= 5, `planning ran across ${steps.length} plan messages`);
    assert.deepEqual(
      steps.map((s) => s.outcome),
      [0, 1, 2, 3, 4].map((page) => ({
        kind: 'planned_page',
        jobId: job.job_id,
        page,
        items: page < 4 ? 14 : 4,
        more: page < 4,
      })),
    );
    assert.deepEqual(
      steps.map((s) => s.status.total_files),
      [14, 28, 42, 56, 60],
    );
    assert.deepEqual(
      steps.map((s) => s.status.planning_complete),
      [false, false, false, false, true],
      'planning is complete only after the last page',
    );
    assert.ok(steps.every((s) => s.status.status === 'processing'));
    const row = await jobRow(env.services, job.job_id);
    const index = await jobsTableOf(env.services).getEntity<{ status: string }>(
      INDEX_PARTITION,
      row.index_row,
    );
    assert.equal(index.status, 'processing', 'the index row follows the first page');

    const messages = await drainItemMessages(env.services);
    assert.equal(messages.length, 60);
    const expected = Object.keys(files).flatMap((path) => ['es', 'de'].map((l) => `${l}:${path}`));
    assert.deepEqual(messages.map(pairOf).sort(), expected.sort(), 'each (file, language) exactly once');
    for (const m of messages) {
      assert.equal(m.job_id, job.job_id);
      assert.equal(m.source_container, source);
      assert.equal(m.target_path, `${m.target_language}/${m.source_path}`);
      assert.equal(m.item_key, itemKeyOf(Number(m.item_key.slice(0, 6)), m.source_path, m.target_language));
      assert.equal(m.size, Buffer.byteLength(files[m.source_path] ?? '', 'utf8'));
    }
    assert.deepEqual(await drainQueue(env.services.planQueue), [], 'no plan message left over');

    const outcomes = await processAll(env.services, messages);
    assert.deepEqual(tally(outcomes), { 'succeeded/recorded': 60 });
    const final = await jobStatus(env.services, job.job_id);
    assert.equal(final.status, 'completed');
    assert.equal(final.processed_files, 60);
    assert.equal(final.total_files, 60);
  });

  void test('extensions and prefix filters plan only matching files; folder markers are skipped', async () => {
    const env = await environment({ PLANNER_PAGE_SIZE: '2' });
    const source = await env.sourceContainer({
      'docs/a.md': '# A',
      'docs/B.MD': '# B',
      'docs/sub/c.md': '# C',
      'docs/readme.txt': 'not markdown',
      'docs/notes': 'no extension',
      'docs/x.md/': '',
      'docs/folder/': '',
      'docs.md': 'outside the prefix',
      'other/d.md': 'outside the prefix',
      'z.md': 'outside the prefix',
    });
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'fr',
      prefix: 'docs/',
      extensions: ['.md'],
    });
    const steps = await planStepwise(env.services, job.job_id);
    assert.ok(steps.length > 1, 'the filters were applied over several listing pages');
    const messages = await drainItemMessages(env.services);
    assert.deepEqual(messages.map((m) => m.source_path).sort(), ['docs/B.MD', 'docs/a.md', 'docs/sub/c.md']);
    const status = await jobStatus(env.services, job.job_id);
    assert.equal(status.total_files, 3);
    assert.equal(status.planning_complete, true);
    const items = await env.services.tracker.listItems(job.job_id, { limit: 100 });
    assert.equal(items.items.length, 3, 'no item rows for filtered-out blobs');
  });

  void test('without filters, folder markers are still not planned as files', async () => {
    const env = await environment();
    const source = await env.sourceContainer({
      'a.txt': 'A',
      'dir/': '',
      'dir/b.txt': 'B',
      'dir/deeper/': '',
    });
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_languages: ['es', 'it'],
    });
    assert.deepEqual(
      (await countBlobs(env.services, source)).sort(),
      ['a.txt', 'dir/', 'dir/b.txt', 'dir/deeper/'],
      'the markers really exist in the source',
    );
    await planFully(env.services);
    const messages = await drainItemMessages(env.services);
    assert.deepEqual(
      messages.map(pairOf).sort(),
      ['es:a.txt', 'es:dir/b.txt', 'it:a.txt', 'it:dir/b.txt'].sort(),
    );
    assert.equal((await jobStatus(env.services, job.job_id)).total_files, 4);
  });

  void test('the source container may be the target when a prefix keeps outputs out of the input', async () => {
    const env = await environment();
    const source = await env.sourceContainer({
      'docs/a.txt': 'Alpha',
      'docs/sub/b.txt': 'Beta',
      'readme.txt': 'Not planned',
    });
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: source,
      target_languages: ['es', 'fr'],
      prefix: 'docs/',
    });
    await planFully(env.services);
    const messages = await drainItemMessages(env.services);
    assert.deepEqual(messages.map((m) => m.target_path).sort(), [
      'es/docs/a.txt',
      'es/docs/sub/b.txt',
      'fr/docs/a.txt',
      'fr/docs/sub/b.txt',
    ]);
    assert.ok(messages.every((m) => m.target_container === source && m.source_container === source));
    assert.deepEqual(tally(await processAll(env.services, messages)), { 'succeeded/recorded': 4 });
    const final = await jobStatus(env.services, job.job_id);
    assert.equal(final.status, 'completed');
    assert.equal(final.total_files, 4);
    assert.deepEqual((await countBlobs(env.services, source)).sort(), [
      'docs/a.txt',
      'docs/sub/b.txt',
      'es/docs/a.txt',
      'es/docs/sub/b.txt',
      'fr/docs/a.txt',
      'fr/docs/sub/b.txt',
      'readme.txt',
    ]);
    const output = await env.services.storage.blobs
      .getContainerClient(source)
      .getBlobClient('fr/docs/sub/b.txt')
      .downloadToBuffer();
    assert.equal(output.toString('utf8'), '[fr: Ɓéţá]');
  });

  void test('no matching files: the job fails with no_source_files', async () => {
    const env = await environment();
    const source = await env.sourceContainer({ 'a.txt': 'A', 'docs/b.txt': 'B' });
    const byPrefix = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'es',
      prefix: 'nothing/',
    });
    const byExtension = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'es',
      extensions: ['.md'],
    });
    await planFully(env.services);
    for (const job of [byPrefix, byExtension]) {
      const status = await jobStatus(env.services, job.job_id);
      assert.equal(status.status, 'failed');
      assert.equal(status.error?.code, 'no_source_files');
      assert.equal(status.total_files, 0);
      assert.equal(status.planning_complete, true);
      assert.ok(status.completed_at);
    }
    assert.match(
      (await jobStatus(env.services, byExtension.job_id)).error?.message ?? '',
      /\.md/,
      'the message names the extensions',
    );
    assert.deepEqual(await drainQueue(env.services.translationQueue), []);
  });

  void test('a planner that dies before counting a page, then finds a blob gone, counts exactly what it sends', async () => {
    const env = await environment();
    const source = await env.sourceContainer({ 'a.txt': 'A', 'b.txt': 'B', 'c.txt': 'C' });
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'es',
    });
    const message = await takePlanMessage(env.services);

    // Dies after writing the page's item rows, before recording the count: no message was sent.
    const storage = createStorageClients(env.config.storage);
    const crashing = createServices(env.config, {
      storage: {
        ...storage,
        table(name) {
          const table = storage.table(name);
          table.updateEntity = () => Promise.reject(new Error('simulated crash'));
          return table;
        },
      },
    });
    await assert.rejects(planJob(crashing, message), /simulated crash/);
    assert.equal((await env.services.tracker.listItems(job.job_id, { limit: 100 })).items.length, 3);
    assert.deepEqual(await drainQueue(env.services.translationQueue), []);

    await env.services.storage.blobs.getContainerClient(source).getBlobClient('b.txt').delete();
    await planJob(env.services, message);
    const rows = (await env.services.tracker.listItems(job.job_id, { limit: 100 })).items;
    assert.deepEqual(
      rows.map((r) => r.source_path).sort(),
      ['a.txt', 'c.txt'],
      "the vanished blob's row is gone",
    );
    assert.equal((await jobRow(env.services, job.job_id)).total, 2);
    const outcomes = await processAll(env.services, await drainQueue(env.services.translationQueue));
    assert.equal(outcomes.length, 2);
    const final = await jobStatus(env.services, job.job_id);
    assert.equal(final.status, 'completed');
    assert.equal(final.processed_files, 2);
    assert.equal(final.total_files, 2);
  });

  const crashes = [
    { page: 0, successes: 0 },
    { page: 1, successes: 2 },
    { page: 2, successes: 1 },
  ];
  for (const crash of crashes) {
    void test(`a planner that dies after recording page ${crash.page} and sending ${crash.successes} messages recovers on redelivery`, async () => {
      const env = await environment({ PLANNER_PAGE_SIZE: '5' });
      const files = numberedFiles(12); // pages of 5, 5 and 2
      const source = await env.sourceContainer(files);
      const job = await submitJob(env.services, {
        source_container: source,
        target_container: uniqueName('out'),
        target_language: 'es',
      });
      for (let page = 0; page < crash.page; page++) {
        const outcome = await planJob(env.services, await takePlanMessage(env.services));
        assert.equal(outcome.kind, 'planned_page');
      }

      const message = await takePlanMessage(env.services);
      const crashing = createServices(env.config);
      const failing = queueFailingAfter(crashing.translationQueue, crash.successes);
      crashing.translationQueue = failing.queue;
      await assert.rejects(planJob(crashing, message), /simulated crash/);
      await failing.settled();
      const pageItems = crash.page < 2 ? 5 : 2;
      const countedBefore = crash.page * 5 + pageItems;
      const afterCrash = await jobRow(env.services, job.job_id);
      assert.equal(afterCrash.total, countedBefore, 'the page was recorded before the crash');
      assert.equal(afterCrash.pending_page, crash.page);
      assert.equal(afterCrash.plan_page, crash.page);
      assert.equal(afterCrash.planning_done, false);
      assert.deepEqual(await drainQueue(env.services.planQueue), [], 'the crashed run sent no plan message');

      // The host redelivers the same plan message to a healthy planner.
      const redelivered = await planJob(env.services, message);
      assert.deepEqual(redelivered, {
        kind: 'planned_page',
        jobId: job.job_id,
        page: crash.page,
        items: pageItems,
        more: crash.page < 2,
      });
      assert.equal((await jobRow(env.services, job.job_id)).total, countedBefore, 'total did not double');
      await planFully(env.services);

      const planned = await jobStatus(env.services, job.job_id);
      assert.equal(planned.total_files, 12);
      assert.equal(planned.planning_complete, true);
      const deliveries = await drainItemMessages(env.services);
      assert.equal(deliveries.length, 12 + crash.successes, 'only the crashed sends are duplicated');
      assert.deepEqual(
        [...new Set(deliveries.map(pairOf))].sort(),
        Object.keys(files).map((path) => `es:${path}`),
        'every item was enqueued at least once',
      );

      // Deliver the duplicates while the job is still open, and an item sent once last, so its outcome closes it.
      const perItem = new Map<string, number>();
      for (const d of deliveries) perItem.set(d.item_key, (perItem.get(d.item_key) ?? 0) + 1);
      const lastIndex = deliveries.findLastIndex((d) => perItem.get(d.item_key) === 1);
      const ordered = [...deliveries.filter((_, i) => i !== lastIndex), deliveries[lastIndex]];
      const outcomes = await processAll(env.services, ordered);
      const expectedTally: Record<string, number> = { 'succeeded/recorded': 12 };
      if (crash.successes > 0) expectedTally['succeeded/duplicate'] = crash.successes;
      assert.deepEqual(tally(outcomes), expectedTally);
      const final = await jobStatus(env.services, job.job_id);
      assert.equal(final.status, 'completed');
      assert.equal(final.total_files, 12);
      assert.equal(final.processed_files, 12);
      assert.equal(final.succeeded_files, 12);
    });
  }

  void test('a plan message redelivered after planning finished is a no-op', async () => {
    const env = await environment({ PLANNER_PAGE_SIZE: '3' });
    const source = await env.sourceContainer(numberedFiles(4));
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'es',
    });
    const first = await takePlanMessage(env.services);
    await planJob(env.services, first);
    const last = await takePlanMessage(env.services);
    assert.equal((await planJob(env.services, last)).kind, 'planned_page');
    const messages = await drainItemMessages(env.services);
    assert.equal(messages.length, 4);
    const planned = await jobRow(env.services, job.job_id);

    for (const body of [first, last]) {
      assert.deepEqual(await planJob(env.services, body), { kind: 'already_planned', jobId: job.job_id });
    }
    assert.deepEqual(await drainQueue(env.services.translationQueue), [], 'no item re-enqueued');
    assert.deepEqual(await drainQueue(env.services.planQueue), [], 'no plan message re-enqueued');
    const after = await jobRow(env.services, job.job_id);
    assert.equal(after.total, 4);
    assert.equal(after.plan_page, planned.plan_page);

    await processAll(env.services, messages);
    assert.equal((await jobStatus(env.services, job.job_id)).status, 'completed');
    assert.deepEqual(await planJob(env.services, last), { kind: 'already_planned', jobId: job.job_id });
    const final = await jobStatus(env.services, job.job_id);
    assert.equal(final.status, 'completed', 'a finished job stays finished');
    assert.equal(final.total_files, 4);
  });

  void test('a duplicated plan message mid-planning neither loses nor repeats items', async () => {
    const env = await environment({ PLANNER_PAGE_SIZE: '3' });
    const files = numberedFiles(10);
    const source = await env.sourceContainer(files);
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'es',
    });
    const message = await takePlanMessage(env.services);
    // Delivered twice in a row (e.g. the host lost the first completion): the second plans the next page.
    const outcomes = [await planJob(env.services, message), await planJob(env.services, message)];
    assert.deepEqual(
      outcomes.map((o) => (o.kind === 'planned_page' ? o.page : o.kind)),
      [0, 1],
    );
    await planFully(env.services);
    const status = await jobStatus(env.services, job.job_id);
    assert.equal(status.total_files, 10);
    assert.equal(status.planning_complete, true);
    const messages = await drainItemMessages(env.services);
    assert.deepEqual(
      messages.map(pairOf).sort(),
      Object.keys(files).map((p) => `es:${p}`),
    );
  });

  void test('two planners racing on the same plan message count every item once', async () => {
    const env = await environment({ PLANNER_PAGE_SIZE: '4' });
    const files = numberedFiles(10);
    const source = await env.sourceContainer(files);
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_languages: ['es', 'fr'],
    });
    const message = await takePlanMessage(env.services);
    const other = createServices(env.config);
    await Promise.all([planJob(env.services, message), planJob(other, message)]);
    await planFully(env.services);
    const status = await jobStatus(env.services, job.job_id);
    assert.equal(status.total_files, 20);
    assert.equal(status.planning_complete, true);
    const deliveries = await drainItemMessages(env.services);
    const expected = Object.keys(files).flatMap((p) => [`es:${p}`, `fr:${p}`]);
    assert.deepEqual([...new Set(deliveries.map(pairOf))].sort(), expected.sort());
    await processAll(env.services, deliveries);
    const final = await jobStatus(env.services, job.job_id);
    assert.equal(final.status, 'completed');
    assert.equal(final.processed_files, 20);
    assert.equal(final.succeeded_files, 20);
  });

  void test('a job cancelled before planning ends cancelled with nothing planned', async () => {
    const env = await environment();
    const source = await env.sourceContainer(numberedFiles(5));
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'es',
    });
    const cancelled = await cancelJob(env.services, job.job_id);
    assert.equal(cancelled.cancel_requested, true);
    assert.equal(cancelled.status, 'queued', 'planning has not run yet, so the job cannot close');

    const message = await takePlanMessage(env.services);
    assert.deepEqual(await planJob(env.services, message), {
      kind: 'stopped',
      jobId: job.job_id,
      reason: 'cancelled',
    });
    const final = await jobStatus(env.services, job.job_id);
    assert.equal(final.status, 'cancelled');
    assert.equal(final.total_files, 0);
    assert.equal(final.processed_files, 0);
    assert.equal(final.planning_complete, true);
    assert.equal(final.error, null);
    assert.ok(final.completed_at);
    assert.deepEqual(await drainQueue(env.services.translationQueue), []);
    assert.deepEqual(await drainQueue(env.services.planQueue), []);
    assert.deepEqual(await planJob(env.services, message), { kind: 'already_planned', jobId: job.job_id });
  });

  void test('a job cancelled between pages stops planning; planned items are counted cancelled', async () => {
    const env = await environment({ PLANNER_PAGE_SIZE: '3' });
    const source = await env.sourceContainer(numberedFiles(10));
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'es',
    });
    await planJob(env.services, await takePlanMessage(env.services));
    await cancelJob(env.services, job.job_id);
    assert.deepEqual(await planJob(env.services, await takePlanMessage(env.services)), {
      kind: 'stopped',
      jobId: job.job_id,
      reason: 'cancelled',
    });
    assert.deepEqual(await drainQueue(env.services.planQueue), []);
    const messages = await drainItemMessages(env.services);
    assert.equal(messages.length, 3);
    const workers = createServices(env.config); // a fresh job cache that sees the cancel flag
    assert.deepEqual(tally(await processAll(workers, messages)), { 'cancelled/recorded': 3 });
    const final = await jobStatus(env.services, job.job_id);
    assert.equal(final.status, 'cancelled');
    assert.equal(final.total_files, 3);
    assert.equal(final.processed_files, 3);
    assert.equal(final.cancelled_files, 3);
  });

  void test('a poisoned plan message stops planning; the items already planned finish and the job fails', async () => {
    const env = await environment({ PLANNER_PAGE_SIZE: '3' });
    const source = await env.sourceContainer(numberedFiles(10));
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'es',
    });
    await planJob(env.services, await takePlanMessage(env.services));
    const next = await takePlanMessage(env.services);

    assert.equal(await failPlanning(env.services, { kind: 'plan', job_id: job.job_id }), true);
    const stopped = await jobStatus(env.services, job.job_id);
    assert.equal(stopped.planning_complete, true);
    assert.equal(stopped.status, 'processing', 'still waiting for the planned items');
    assert.equal(stopped.error?.code, 'planning_failed');
    assert.match(stopped.error?.message ?? '', /planning stopped after 3 files/);

    // The plan message the poisoned one was a copy of may still turn up: it must not plan more.
    assert.deepEqual(await planJob(env.services, next), { kind: 'already_planned', jobId: job.job_id });
    const messages = await drainItemMessages(env.services);
    assert.equal(messages.length, 3);
    assert.deepEqual(tally(await processAll(env.services, messages)), { 'succeeded/recorded': 3 });
    const final = await jobStatus(env.services, job.job_id);
    assert.equal(final.status, 'failed');
    assert.equal(final.error?.code, 'planning_failed');
    assert.equal(final.total_files, 3);
    assert.equal(final.processed_files, 3);
    assert.equal(final.succeeded_files, 3);
  });

  void test('a plan message poisoned while its recorded page was only partly enqueued still lets the job end', async () => {
    const env = await environment({ PLANNER_PAGE_SIZE: '3' });
    const source = await env.sourceContainer(numberedFiles(10));
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'es',
    });
    await planJob(env.services, await takePlanMessage(env.services));
    const message = await takePlanMessage(env.services);
    // Every delivery of page 1 dies while enqueueing (the first after one send): the host gives up after 5.
    for (let attempt = 1; attempt <= 5; attempt++) {
      const crashing = createServices(env.config);
      const failing = queueFailingAfter(crashing.translationQueue, attempt === 1 ? 1 : 0);
      crashing.translationQueue = failing.queue;
      await assert.rejects(planJob(crashing, message), /simulated crash/);
      await failing.settled();
    }
    assert.equal((await jobRow(env.services, job.job_id)).total, 6, 'page 1 was counted');
    assert.equal(await failPlanning(env.services, message), true);
    const stopped = await jobStatus(env.services, job.job_id);
    assert.equal(stopped.planning_complete, true);
    assert.equal(stopped.processed_files, 3, "page 1's items have an outcome");
    assert.equal(
      await failPlanning(env.services, message),
      false,
      'a second poison delivery changes nothing',
    );
    assert.equal((await jobStatus(env.services, job.job_id)).processed_files, 3);

    const messages = await drainItemMessages(env.services);
    assert.equal(messages.length, 4, 'page 0 and the one item of page 1 that was sent');
    await processAll(env.services, messages);
    const final = await jobStatus(env.services, job.job_id);
    assert.equal(final.status, 'failed', 'the job must not wait forever for items never enqueued');
    assert.equal(final.error?.code, 'planning_failed');
    assert.equal(final.total_files, 6);
    assert.equal(final.processed_files, 6);
    // Page 1's items are failed by the poison handler (the one that did get sent is then a duplicate).
    assert.equal(final.succeeded_files, 3);
    assert.equal(final.failed_files, 3);
    const failed = await listJobFiles(env.services, job.job_id, { status: 'failed' });
    assert.deepEqual(
      failed.files.map((f) => f.error?.code),
      ['planning_failed', 'planning_failed', 'planning_failed'],
    );
  });

  void test('a plan message poisoned before any page (source gone) fails the job with planning_failed', async () => {
    const env = await environment();
    const source = await env.sourceContainer(numberedFiles(2));
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'es',
    });
    await env.services.storage.blobs.getContainerClient(source).delete();
    const message = await takePlanMessage(env.services);
    await assert.rejects(planJob(env.services, message), (error: { statusCode?: number }) => {
      assert.equal(error.statusCode, 404);
      return true;
    });
    assert.equal(await failPlanning(env.services, message), true);
    const final = await jobStatus(env.services, job.job_id);
    assert.equal(final.status, 'failed');
    assert.equal(final.error?.code, 'planning_failed');
    assert.equal(final.total_files, 0);
    assert.deepEqual(await drainQueue(env.services.translationQueue), []);
  });

  void test('malformed plan messages are reported, not thrown; unknown jobs are recognised', async () => {
    const env = await environment();
    const jobId = randomUUID();
    const malformed: unknown[] = [
      { kind: 'plan' },
      { kind: 'plan', job_id: 'not-a-uuid' },
      { kind: 'plan', job_id: jobId, extra: true },
      { kind: 'translate', job_id: jobId },
      { job_id: jobId },
      'plan',
      `{"kind":"plan","job_id":"${jobId}"`,
      null,
      42,
      [],
    ];
    for (const body of malformed) {
      const outcome = await planJob(env.services, body);
      assert.equal(outcome.kind, 'invalid_message', JSON.stringify(body));
      assert.equal(await failPlanning(env.services, body), false, JSON.stringify(body));
    }
    assert.deepEqual(await planJob(env.services, { kind: 'plan', job_id: jobId }), {
      kind: 'unknown_job',
      jobId,
    });
    assert.equal(await failPlanning(env.services, { kind: 'plan', job_id: jobId }), false);
    assert.deepEqual(await drainQueue(env.services.translationQueue), []);
    assert.deepEqual(await drainQueue(env.services.planQueue), []);
  });
});
