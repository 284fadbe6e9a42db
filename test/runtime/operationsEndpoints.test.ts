/**
 * The standalone worker's operations endpoints against Azurite: `GET /metrics` (Prometheus text of the app's
 * instruments, queue measurements from the local runtime's timer) and `GET /api/ready`.
 */
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AppConfig } from '../../src/lib/config.js';
import type { LocalRuntime } from '../../src/runtime/localRuntime.js';
import { startLocalRuntime } from '../../src/runtime/localRuntime.js';
import { testEnvironment, waitUntil, type TestEnvironment } from '../helpers/testServices.js';
import { fastHostSettings, quietLog } from '../helpers/localRuntime.js';
import { closedPort } from '../helpers/closedPort.js';
import { submitJob } from '../helpers/jobs.js';
import { getJob } from '../../src/lib/jobs/getJob.js';
import { uniqueName } from '../helpers/testServices.js';

const cleanups: (() => Promise<void>)[] = [];
// In each suite, so it runs before the leak guard's own afterEach.
const cleanUp = async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
};

async function started(
  translator?: AppConfig['translator'],
): Promise<{ env: TestEnvironment; runtime: LocalRuntime }> {
  const env = await testEnvironment();
  cleanups.push(() => env.cleanup());
  // The test runner's own APERTIUM_URL wins over settings, so a translator is swapped in here.
  const config = translator ? { ...env.config, translator } : env.config;
  const runtime = await startLocalRuntime({
    config,
    services: { ...env.services, config },
    hostSettings: fastHostSettings(),
    port: 0,
    log: quietLog(),
    timerPeriodMs: 100,
  });
  cleanups.push(() => runtime.stop());
  return { env, runtime };
}

/** The value of the sample of `metric` whose labels include every `labels` pair, from Prometheus text. */
function sample(text: string, metric: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^(\w+)\{(.*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== metric) continue;
    const found = new Map([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => found.get(key) === value)) return Number(match[3]);
  }
  return undefined;
}

void describe('GET /metrics', () => {
  afterEach(cleanUp);
  void test('serves every queue’s depth, measured by the runtime’s own timer, in Prometheus text', async () => {
    const { env, runtime } = await started();
    // Invisible for ten minutes, as a deferred retry is: counted in the depth, never handed to a worker.
    for (const text of ['1', '2', '3'])
      await env.services.translationQueue.sendMessage(text, { visibilityTimeout: 600 });

    const text = await waitUntil(
      async () => {
        const response = await fetch(`${runtime.url}/metrics`);
        const body = await response.text();
        const depth = sample(body, 'batch_translator_queue_depth', { queue: env.config.translationQueue });
        return depth === 3 ? { body, type: response.headers.get('content-type') } : undefined;
      },
      { what: 'a depth of 3 on /metrics' },
    );
    assert.match(text.type ?? '', /^text\/plain; version=0\.0\.4/);
    for (const queue of [
      env.config.translationPoisonQueue,
      env.config.planQueue,
      env.config.webhooks.poisonQueue,
    ]) {
      assert.equal(sample(text.body, 'batch_translator_queue_depth', { queue }), 0, queue);
    }
    assert.equal(
      sample(text.body, 'batch_translator_queue_depth', {
        queue: env.config.translationPoisonQueue,
        queue_role: 'translation',
        poison: 'true',
      }),
      0,
    );
    assert.equal(
      sample(text.body, 'batch_translator_queue_oldest_message_age', { queue: env.config.translationQueue }),
      0,
    );
  });

  void test('counts each item once and the job’s duration when a job runs through the worker', async () => {
    const { env, runtime } = await started();
    const read = async () => (await fetch(`${runtime.url}/metrics`)).text();
    const before = await read();
    const settled = (body: string, status: string) =>
      sample(body, 'batch_translator_items_settled_total', { status }) ?? 0;
    const completedJobs = (body: string) =>
      sample(body, 'batch_translator_job_duration_count', {
        status: 'completed_with_errors',
        mode: 'queue',
      }) ?? 0;

    const source = await env.sourceContainer({ 'a.txt': 'Hello', 'b.md': '# Hi', 'c.png': 'binary' });
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_languages: ['es'],
    });
    await waitUntil(
      async () =>
        (await env.services.tracker.readJob(job.job_id))?.status === 'completed_with_errors'
          ? true
          : undefined,
      {
        what: 'the job to finish',
      },
    );
    const after = await read();
    assert.equal(settled(after, 'succeeded') - settled(before, 'succeeded'), 2);
    assert.equal(settled(after, 'failed') - settled(before, 'failed'), 1);
    assert.equal(
      (sample(after, 'batch_translator_items_settled_total', {
        status: 'failed',
        error_code: 'unsupported_format',
      }) ?? 0) -
        (sample(before, 'batch_translator_items_settled_total', {
          status: 'failed',
          error_code: 'unsupported_format',
        }) ?? 0),
      1,
    );
    assert.equal(completedJobs(after) - completedJobs(before), 1);
    const charged = (body: string) =>
      sample(body, 'batch_translator_characters_charged_total', { provider: 'pseudo' }) ?? 0;
    const { characters_charged: jobCharged } = await getJob(env.services, job.job_id);
    assert.ok(jobCharged > 0);
    assert.equal(charged(after) - charged(before), jobCharged);
  });
});

void describe('GET /api/ready', () => {
  afterEach(cleanUp);
  void test('200 when storage and the translator answer', async () => {
    const { runtime } = await started();
    const response = await fetch(`${runtime.url}/api/ready`);
    assert.equal(response.status, 200);
    assert.deepEqual(
      { ...((await response.json()) as Record<string, unknown>), version: undefined },
      {
        status: 'ready',
        version: undefined,
        storage: { reachable: true },
        translator: { provider: 'pseudo', reachable: true },
      },
    );
  });

  void test('503 naming the translator when it cannot be reached', async () => {
    const port = await closedPort();
    const { runtime } = await started({
      provider: 'apertium',
      url: `http://127.0.0.1:${port}`,
      defaultSourceLanguage: 'en',
      concurrency: 1,
      timeoutMs: 1000,
      retryBudgetMs: 1000,
    });
    const response = await fetch(`${runtime.url}/api/ready`);
    assert.equal(response.status, 503);
    const body = (await response.json()) as {
      status: string;
      storage: { reachable: boolean };
      translator: { provider: string; reachable: boolean; error?: string };
    };
    assert.equal(body.status, 'not_ready');
    assert.deepEqual(body.storage, { reachable: true });
    assert.equal(body.translator.provider, 'apertium');
    assert.equal(body.translator.reachable, false);
    assert.match(body.translator.error ?? '', new RegExp(`127\\.0\\.0\\.1:${port}/listPairs.*ECONNREFUSED`));
  });
});
