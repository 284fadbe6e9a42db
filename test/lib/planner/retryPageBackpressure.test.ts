import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { retryPage } from '../../../src/lib/planner/retryPage.js';
import { encodeMessage } from '../../../src/lib/storage/messageCodec.js';
import { drainQueue } from '../../helpers/jobs.js';
import { pumpWithSlowWorker, takePlanMessage, workOff } from '../../helpers/planner.js';
import { assertAllSucceeded, retriedJob } from '../../helpers/retriedJob.js';
import { environmentPerTest } from '../../helpers/testServices.js';

const PAGE = 3;
const HIGH_WATER = 5;
const FILES = 12;
/** Held messages come back at once: the tests deliver them by hand instead of waiting. */
const settings = {
  PLANNER_PAGE_SIZE: String(PAGE),
  PLANNER_QUEUE_HIGH_WATER: String(HIGH_WATER),
  PLANNER_QUEUE_WAIT_SECONDS: '0',
};
const names = Array.from({ length: FILES }, (_, i) => `file-${String(i).padStart(2, '0')}.json`);

void describe('retry rounds wait for the translation queue like planning does', () => {
  const environment = environmentPerTest();

  void test('a round queues pages only while the queue is short; every file runs once and succeeds', async () => {
    const env = await environment(settings);
    const jobId = await retriedJob(env, names);
    // A worker takes two items whenever the round is held back: the queue drains slower than it fills.
    const { outcomes, worked, highest } = await pumpWithSlowWorker(env.services, (message) =>
      retryPage(env.services, message),
    );

    const waits = outcomes.filter((o) => o.kind === 'waiting');
    const queuedPages = outcomes.flatMap((o) => (o.kind === 'queued_page' ? [o.items] : []));
    assert.ok(waits.length > 0, 'the round waited at least once');
    assert.ok(highest <= HIGH_WATER + PAGE, `the queue held at most ${HIGH_WATER + PAGE}, saw ${highest}`);
    assert.deepEqual(queuedPages, [3, 3, 3, 3]);
    assert.deepEqual(worked.sort(), names, 'each file sent exactly once');
    await assertAllSucceeded(env, jobId, FILES);
  });

  void test('a held message redelivered stands down: one retry chain, files counted once', async () => {
    const env = await environment(settings);
    const jobId = await retriedJob(env, names);
    for (let i = 0; i < HIGH_WATER; i++)
      await env.services.translationQueue.sendMessage(encodeMessage({ filler: i }));
    const original = await takePlanMessage(env.services);

    const first = await retryPage(env.services, original);
    assert.deepEqual(first, { kind: 'waiting', jobId, round: 1, queued: HIGH_WATER, first: true });
    const holder = await takePlanMessage(env.services);
    // The invocation dies before its message is deleted: the original comes back and must not queue a page.
    assert.deepEqual(await retryPage(env.services, original), { kind: 'superseded', jobId, round: 1 });
    assert.deepEqual(await drainQueue(env.services.planQueue), [], 'a superseded message sends nothing');
    assert.equal((await env.services.tracker.readJob(jobId))?.retry_waiting_by !== '', true);

    await drainQueue(env.services.translationQueue); // the fillers
    assert.deepEqual(await retryPage(env.services, original), { kind: 'superseded', jobId, round: 1 });
    const queued = await retryPage(env.services, holder);
    assert.equal(queued.kind, 'queued_page');
    // The holder handed on: its successor is free to queue the next page, and the turn is no one's.
    assert.equal((await env.services.tracker.readJob(jobId))?.retry_waiting_by ?? '', '');

    const worked: string[] = [];
    for (let step = 0; step < 100; step++) {
      const messages = await drainQueue(env.services.planQueue);
      for (const message of messages) await retryPage(env.services, message);
      const bodies = await workOff(env.services, 32);
      worked.push(...bodies.map((body) => (body as { source_path: string }).source_path));
      if (messages.length === 0 && bodies.length === 0) break;
    }
    assert.deepEqual(worked.sort(), names, 'each file sent exactly once');
    await assertAllSucceeded(env, jobId, FILES);
  });
});
