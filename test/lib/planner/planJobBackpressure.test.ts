import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cancelJob } from '../../../src/lib/jobs/cancelJob.js';
import { planJob } from '../../../src/lib/planner/planJob.js';
import type { Services } from '../../../src/lib/services.js';
import { encodeMessage } from '../../../src/lib/storage/messageCodec.js';
import { environmentPerTest, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';
import { drainQueue, jobStatus, submitJob, waitForTerminal } from '../../helpers/jobs.js';
import { fastHostSettings, quietLog } from '../../helpers/localRuntime.js';
import { startLocalRuntime } from '../../../src/runtime/localRuntime.js';
import {
  jobRow,
  numberedFiles,
  planStepwise,
  processAll,
  pumpWithSlowWorker,
  queueFailingAfter,
  takePlanMessage,
  tally,
} from '../../helpers/planner.js';

const PAGE = 3;
const HIGH_WATER = 5;
/** Held messages come back at once: the tests deliver them by hand instead of waiting. */
const settings = {
  PLANNER_PAGE_SIZE: String(PAGE),
  PLANNER_QUEUE_HIGH_WATER: String(HIGH_WATER),
  PLANNER_QUEUE_WAIT_SECONDS: '0',
};

async function submit(env: TestEnvironment, files: number, extra: Record<string, unknown> = {}) {
  const source = await env.sourceContainer(numberedFiles(files));
  return submitJob(env.services, {
    source_container: source,
    target_container: uniqueName('out'),
    target_language: 'es',
    ...extra,
  });
}

void describe('planJob backpressure: no new page while the translation queue is at its high-water mark', () => {
  const environment = environmentPerTest();

  void test('a big job plans only while the queue is short, then ends with every item counted once', async () => {
    const env = await environment(settings);
    const job = await submit(env, 20); // seven pages of three (the last of two)
    // A worker takes two items whenever the planner is held back: the queue drains slower than it fills.
    const { outcomes, worked, highest } = await pumpWithSlowWorker(env.services, (message) =>
      planJob(env.services, message),
    );

    const waits = outcomes.filter((o) => o.kind === 'waiting');
    const planned = outcomes.filter((o) => o.kind === 'planned_page');
    console.log(`highest queue ${highest}; ${planned.length} pages planned, ${waits.length} waits`);
    assert.ok(highest <= HIGH_WATER + PAGE, `the queue held at most ${HIGH_WATER + PAGE}, saw ${highest}`);
    assert.deepEqual(
      planned.map((o) => o.kind === 'planned_page' && o.page),
      [0, 1, 2, 3, 4, 5, 6],
    );
    assert.ok(waits.length > 0, 'the planner waited at least once');
    const heldPages = new Set(waits.map((o) => o.kind === 'waiting' && o.page));
    assert.equal(
      waits.filter((o) => o.kind === 'waiting' && o.first).length,
      heldPages.size,
      'one first wait per held page',
    );
    assert.deepEqual(worked.sort(), Object.keys(numberedFiles(20)).sort(), 'each item sent exactly once');
    const final = await jobStatus(env.services, job.job_id);
    assert.equal(final.status, 'completed');
    assert.equal(final.total_files, 20);
    assert.equal(final.succeeded_files, 20);
    assert.equal(final.planning_complete, true);
  });

  void test('a held message redelivered after its re-send stands down: one plan chain, items counted once', async () => {
    const env = await environment(settings);
    const job = await submit(env, 8); // pages of 3, 3 and 2
    await planJob(env.services, await takePlanMessage(env.services)); // page 0: three items queued
    await env.services.translationQueue.sendMessage(encodeMessage({ filler: true }));
    await env.services.translationQueue.sendMessage(encodeMessage({ filler: true }));
    const original = await takePlanMessage(env.services);

    // The re-send reaches the plan queue but the invocation dies before recording it as the waiting one.
    const dying: Services = {
      ...env.services,
      tracker: {
        ...env.services.tracker,
        holdPlanning: () => Promise.reject(new Error('simulated crash after the re-send')),
      },
    };
    await assert.rejects(planJob(dying, original), /simulated crash/);
    const orphan = await takePlanMessage(env.services);

    // The original comes back: still at high water, it waits again and its new message holds the job.
    const again = await planJob(env.services, original);
    assert.equal(again.kind, 'waiting');
    assert.equal(again.kind === 'waiting' && again.first, true);
    const holder = await takePlanMessage(env.services);
    // The invocation then dies before its message is deleted: the original comes back once more.
    assert.deepEqual(await planJob(env.services, original), { kind: 'superseded', jobId: job.job_id });
    assert.deepEqual(await drainQueue(env.services.planQueue), [], 'a superseded message sends nothing');

    // The queue drains; only the holder may plan on, so neither stale message lists a page.
    await drainQueue(env.services.translationQueue);
    assert.deepEqual(await planJob(env.services, orphan), { kind: 'superseded', jobId: job.job_id });
    assert.deepEqual(await planJob(env.services, original), { kind: 'superseded', jobId: job.job_id });
    assert.equal((await jobRow(env.services, job.job_id)).plan_page, 1, 'no stale message planned a page');
    assert.equal((await planJob(env.services, holder)).kind, 'planned_page');

    const steps = await planStepwise(env.services, job.job_id);
    assert.deepEqual(
      steps.map((s) => s.outcome.kind),
      ['planned_page'],
      'the chain goes on with exactly one message per page',
    );
    const items = await drainQueue(env.services.translationQueue);
    assert.deepEqual(tally(await processAll(env.services, items)), { 'succeeded/recorded': 5 }, 'pages 1, 2');
    const final = await jobStatus(env.services, job.job_id);
    assert.equal(final.total_files, 8);
    assert.equal(final.planning_complete, true);
  });

  void test('a job cancelled while its planning waits stops planning; what was planned ends cancelled', async () => {
    const env = await environment({ ...settings, PLANNER_QUEUE_HIGH_WATER: String(PAGE) });
    const job = await submit(env, 8);
    await planJob(env.services, await takePlanMessage(env.services)); // page 0 fills the queue
    const waiting = await planJob(env.services, await takePlanMessage(env.services));
    assert.deepEqual(waiting, { kind: 'waiting', jobId: job.job_id, page: 1, queued: PAGE, first: true });

    await cancelJob(env.services, job.job_id);
    assert.deepEqual(await planJob(env.services, await takePlanMessage(env.services)), {
      kind: 'stopped',
      jobId: job.job_id,
      reason: 'cancelled',
    });
    assert.deepEqual(await drainQueue(env.services.planQueue), [], 'no plan message is left waiting');
    const outcomes = await processAll(env.services, await drainQueue(env.services.translationQueue));
    assert.deepEqual(tally(outcomes), { 'cancelled/recorded': PAGE });
    const final = await jobStatus(env.services, job.job_id);
    assert.equal(final.status, 'cancelled');
    assert.equal(final.total_files, PAGE);
    assert.equal(final.planning_complete, true);
  });

  void test('a page already counted is handed on however full the queue is', async () => {
    const env = await environment(settings);
    const job = await submit(env, 6);
    for (let i = 0; i < HIGH_WATER; i++)
      await env.services.translationQueue.sendMessage(encodeMessage({ filler: i }));
    const message = await takePlanMessage(env.services);
    // Only the check before listing holds a page back: this one is over high water and must wait.
    assert.equal((await planJob(env.services, message)).kind, 'waiting');
    const holder = await takePlanMessage(env.services);
    await drainQueue(env.services.translationQueue);

    // The holder counts page 0, sends one of its items and dies; meanwhile the queue fills up.
    const failing = queueFailingAfter(env.services.translationQueue, 1);
    await assert.rejects(
      planJob({ ...env.services, translationQueue: failing.queue }, holder),
      /simulated crash/,
    );
    await failing.settled();
    for (let i = 0; i < HIGH_WATER; i++)
      await env.services.translationQueue.sendMessage(encodeMessage({ filler: i }));
    const resumed = await planJob(env.services, holder);
    assert.equal(resumed.kind, 'planned_page', 'the counted page is handed on, not held');
    assert.equal((await jobRow(env.services, job.job_id)).total, PAGE);
  });

  void test('a dry run is not held back: it sends no translation messages', async () => {
    const env = await environment({ ...settings, PLANNER_QUEUE_HIGH_WATER: '1' });
    await env.services.translationQueue.sendMessage(encodeMessage({ filler: true }));
    const job = await submit(env, 10, { dry_run: true });
    const steps = await planStepwise(env.services, job.job_id);
    assert.deepEqual(
      steps.map((s) => s.outcome.kind),
      ['planned_page', 'planned_page', 'planned_page', 'planned_page'],
    );
    const final = await jobStatus(env.services, job.job_id);
    assert.equal(final.status, 'estimated');
    assert.equal(final.total_files, 10);
  });

  void test('through the local runtime, held plan messages come back after their delay and the job ends', async () => {
    // Slow items keep the page in flight (in-flight messages count), so the next page must wait.
    const env = await environment({
      ...settings,
      PLANNER_QUEUE_HIGH_WATER: String(PAGE),
      PLANNER_QUEUE_WAIT_SECONDS: '1',
      PSEUDO_LATENCY_MS: '300',
    });
    const log = quietLog();
    const runtime = await startLocalRuntime({
      config: env.config,
      services: env.services,
      hostSettings: fastHostSettings(),
      port: 0,
      log,
    });
    try {
      const job = await submit(env, 10); // pages of 3, 3, 3 and 1
      const final = await waitForTerminal(env.services, job.job_id);
      const waits = log.lines.filter((line) => line.includes('waits for the translation queue'));
      console.log(waits.join('\n'));
      assert.equal(final.status, 'completed');
      assert.equal(final.total_files, 10);
      assert.equal(final.succeeded_files, 10);
      assert.ok(waits.length >= 1, 'planning waited');
      assert.ok(waits.length <= 3, 'one line per held page at most (pages 1-3 can be held)');
    } finally {
      await runtime.stop();
    }
  });
});
