import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { planMessageSchema } from '../../../src/lib/messages.js';
import { planJob } from '../../../src/lib/planner/planJob.js';
import { createServices } from '../../../src/lib/services.js';
import { drainQueue, jobStatus, planFully, submitJob } from '../../helpers/jobs.js';
import {
  drainItemMessages,
  numberedFiles,
  processAll,
  queueFailingAfter,
  takePlanMessage,
} from '../../helpers/planner.js';
import { testEnvironment, uniqueName } from '../../helpers/testServices.js';

void describe('a pending page is handed on only by the plan message that counted it', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function crashedAfterCounting(successes: number) {
    const env = await testEnvironment({ PLANNER_PAGE_SIZE: '4' });
    cleanups.push(() => env.cleanup());
    const source = await env.sourceContainer(numberedFiles(6)); // pages of 4 and 2
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'es',
    });
    const message = await takePlanMessage(env.services);
    const crashing = createServices(env.config);
    const failing = queueFailingAfter(crashing.translationQueue, successes);
    crashing.translationQueue = failing.queue;
    await assert.rejects(planJob(crashing, message), /simulated crash/);
    await failing.settled();
    return { env, jobId: job.job_id, message };
  }

  void test('another plan message for the job loses the race and sends none of the page', async () => {
    const { env, jobId, message } = await crashedAfterCounting(0);
    const parsed = planMessageSchema.parse(message);
    const duplicate = { kind: 'plan', job_id: parsed.job_id }; // e.g. a replayed submission's, or a legacy one
    for (const other of [duplicate, { ...duplicate, token: 'another-sender' }]) {
      assert.deepEqual(await planJob(env.services, other), { kind: 'already_planned', jobId });
    }
    assert.deepEqual(await drainItemMessages(env.services), [], 'the loser re-sent nothing');

    assert.equal((await planJob(env.services, message)).kind, 'planned_page', 'the owner resumes it');
    await planFully(env.services);
    const messages = await drainItemMessages(env.services);
    assert.equal(messages.length, 6, 'each item was sent once');
    assert.equal(new Set(messages.map((m) => m.item_key)).size, 6);
    await processAll(env.services, messages);
    const status = await jobStatus(env.services, jobId);
    assert.deepEqual([status.status, status.total_files, status.succeeded_files], ['completed', 6, 6]);
  });

  void test('the owner resuming its page skips the items already settled', async () => {
    const { env, jobId, message } = await crashedAfterCounting(3);
    const sent = await drainItemMessages(env.services);
    assert.equal(sent.length, 3);
    await processAll(env.services, sent);
    assert.equal((await planJob(env.services, message)).kind, 'planned_page');
    const resent = await drainItemMessages(env.services);
    assert.equal(resent.length, 1, 'only the item never sent (or never settled) goes out again');
    await processAll(env.services, resent);
    await planFully(env.services);
    await processAll(env.services, await drainItemMessages(env.services));
    const status = await jobStatus(env.services, jobId);
    assert.deepEqual([status.status, status.succeeded_files, status.processed_files], ['completed', 6, 6]);
    assert.deepEqual(await drainQueue(env.services.planQueue), []);
  });
});
