import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  storedJobRow,
  testEnvironment,
  uniqueName,
  type TestEnvironment,
} from '../../helpers/testServices.js';
import { abandonWebhook, deliverWebhook } from '../../../src/lib/webhooks/deliverWebhook.js';
import { drainQueue, planFully, submitJob, waitForTerminal } from '../../helpers/jobs.js';

const SECRET = 'test-webhook-signing-secret';

const jobRow = (env: TestEnvironment, jobId: string) => storedJobRow(env.services, jobId);

void describe('deliverWebhook edge cases', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function finishedJobWithCallback(
    callbackUrl: string,
  ): Promise<{ env: TestEnvironment; jobId: string }> {
    const env = await testEnvironment({ WEBHOOK_SIGNING_SECRET: SECRET, WEBHOOK_RETRY_BASE_SECONDS: '0' });
    cleanups.push(() => env.cleanup());
    const source = await env.sourceContainer({ 'a.txt': 'x' });
    // Submitted in-process (no resolver check here). Nothing matches the prefix, so planning closes the job
    // (failed, no_source_files) and its close queues the webhook; no worker or trigger runs.
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'fr',
      prefix: 'nothing-here/',
      callback_url: callbackUrl,
    });
    await planFully(env.services);
    await waitForTerminal(env.services, job.job_id);
    return { env, jobId: job.job_id };
  }

  void test('closing queues exactly one message, and a name now resolving to a private address is never called', async () => {
    const { env, jobId } = await finishedJobWithCallback('https://hooks.example.com/done');
    await env.services.tracker.closeJob(jobId);
    const messages = await drainQueue(env.services.webhookQueue);
    assert.deepEqual(messages, [{ kind: 'webhook', job_id: jobId }]);
    let posted = 0;
    const outcome = await deliverWebhook(env.services, messages[0], {
      resolve: () => Promise.resolve([{ address: '10.0.0.7', family: 4 }]),
      post: () => {
        posted++;
        return Promise.resolve(200);
      },
    });
    assert.equal(outcome.kind, 'gave_up');
    assert.equal(posted, 0);
    assert.match((await jobRow(env, jobId)).callback_error ?? '', /forbidden|private/);
    assert.equal((await drainQueue(env.services.webhookQueue)).length, 0, 'no retry for a forbidden target');
  });

  void test('a transient DNS failure at delivery is retried later, not taken for a forbidden address', async () => {
    const { env, jobId } = await finishedJobWithCallback('https://hooks.example.com/done');
    await drainQueue(env.services.webhookQueue);
    const outcome = await deliverWebhook(
      env.services,
      { kind: 'webhook', job_id: jobId },
      {
        resolve: () =>
          Promise.reject(Object.assign(new Error('getaddrinfo EAI_AGAIN'), { code: 'EAI_AGAIN' })),
        post: () => Promise.resolve(200),
      },
    );
    assert.equal(outcome.kind, 'retry_scheduled');
    assert.deepEqual(await drainQueue(env.services.webhookQueue), [
      { kind: 'webhook', job_id: jobId, attempt: 1 },
    ]);
    assert.match((await jobRow(env, jobId)).callback_error ?? '', /attempt 1: .*EAI_AGAIN.*; retrying/);
  });

  void test('a failed attempt schedules the next one; the poison handler leaves its reason on the job', async () => {
    const { env, jobId } = await finishedJobWithCallback('https://hooks.example.com/done');
    await drainQueue(env.services.webhookQueue);
    const outcome = await deliverWebhook(
      env.services,
      { kind: 'webhook', job_id: jobId, attempt: 2 },
      {
        resolve: () => Promise.resolve([{ address: '93.184.216.34', family: 4 }]),
        post: () => Promise.reject(new Error('connect ECONNREFUSED')),
      },
    );
    assert.equal(outcome.kind, 'retry_scheduled');
    assert.deepEqual(await drainQueue(env.services.webhookQueue), [
      { kind: 'webhook', job_id: jobId, attempt: 3 },
    ]);
    assert.match(
      (await jobRow(env, jobId)).callback_error ?? '',
      /attempt 3: connect ECONNREFUSED; retrying/,
    );

    assert.equal(await abandonWebhook(env.services, { kind: 'webhook', job_id: jobId }), jobId);
    assert.match((await jobRow(env, jobId)).callback_error ?? '', /poison/);
  });
});
