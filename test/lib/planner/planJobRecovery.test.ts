import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { planJob } from '../../../src/lib/planner/planJob.js';
import { createServices } from '../../../src/lib/services.js';
import { createStorageClients } from '../../../src/lib/storage/clients.js';
import { environmentPerTest, uniqueName } from '../../helpers/testServices.js';
import { drainQueue, jobStatus, planFully, submitJob } from '../../helpers/jobs.js';
import {
  drainItemMessages,
  jobRow,
  numberedFiles,
  pairOf,
  processAll,
  queueFailingAfter,
  takePlanMessage,
  tally,
} from '../../helpers/planner.js';

void describe('planJob: crashes, redeliveries and races count every item once', () => {
  const environment = environmentPerTest();

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
});
