import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import functions from '@azure/functions';
import { defineFunctions } from '../../src/functions/definitions.js';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import testing from 'durable-functions/lib/src/util/testingUtils.js';
import { loadConfig } from '../../src/lib/config.js';
import { durableInputFor } from '../../src/lib/durable/jobOrchestrations.js';
import { History, actionsOf } from '../helpers/durableReplay.js';

type OrchestratorListener = testing.OrchestratorListener;

/**
 * The host loads package.json "main" and sees only what index.ts registers. Outside the host the SDK skips
 * registration, so record the calls instead and check they match the declared definitions.
 */
void describe('host entry point (src/functions/index.ts)', () => {
  void test('registers every HTTP route, queue trigger and durable function with host binding expressions', async () => {
    const http: { name: string; options: Record<string, unknown> }[] = [];
    const queues: { name: string; options: Record<string, unknown> }[] = [];
    const generic: { name: string; options: Record<string, unknown> }[] = [];
    const app = functions.app as unknown as Record<string, unknown>;
    const timers: { name: string; options: Record<string, unknown> }[] = [];
    const original = {
      http: app.http,
      storageQueue: app.storageQueue,
      generic: app.generic,
      timer: app.timer,
    };
    app.timer = (name: string, options: Record<string, unknown>) => timers.push({ name, options });
    app.http = (name: string, options: Record<string, unknown>) => http.push({ name, options });
    app.storageQueue = (name: string, options: Record<string, unknown>) => queues.push({ name, options });
    // durable-functions registers orchestrations and activities through the same SDK's app.generic.
    app.generic = (name: string, options: Record<string, unknown>) => generic.push({ name, options });
    try {
      await import('../../src/functions/index.js');
    } finally {
      Object.assign(app, original);
    }
    const routes = http.map(({ name, options }) => [name, options.route, options.methods, options.authLevel]);
    assert.deepEqual(routes, [
      ['createJob', 'jobs', ['POST'], 'function'],
      ['listJobs', 'jobs', ['GET'], 'function'],
      ['getJob', 'jobs/{jobId}', ['GET'], 'function'],
      ['cancelJob', 'jobs/{jobId}', ['DELETE'], 'function'],
      ['retryJob', 'jobs/{jobId}/retry', ['POST'], 'function'],
      ['listJobFiles', 'jobs/{jobId}/files', ['GET'], 'function'],
      ['exportTmx', 'jobs/{jobId}/tmx', ['GET'], 'function'],
      ['health', 'health', ['GET'], 'anonymous'],
      ['ready', 'ready', ['GET'], 'anonymous'],
      ['ui', 'ui', ['GET'], 'anonymous'],
    ]);
    assert.deepEqual(
      timers.map(({ name, options }) => [name, options.schedule]),
      [['measureQueues', '0 */1 * * * *']],
      'the queue measurements the alerts read, every minute',
    );
    const clientInputs = http.map(({ name, options }): [string, string[]] => [
      name,
      ((options.extraInputs ?? []) as { type: string }[]).map((input) => input.type),
    ]);
    assert.deepEqual(
      clientInputs.filter(([, inputs]) => inputs.length > 0),
      [
        ['createJob', ['durableClient']],
        ['cancelJob', ['durableClient']],
      ],
      'the durable client binding, on the two routes that start and cancel orchestrations',
    );
    assert.deepEqual(
      queues.map(({ name, options }) => [name, options.queueName, options.connection]),
      [
        ['planJob', '%PLAN_QUEUE%', 'AzureWebJobsStorage'],
        ['planJobPoison', '%PLAN_QUEUE%-poison', 'AzureWebJobsStorage'],
        ['translateFile', '%TRANSLATION_QUEUE%', 'AzureWebJobsStorage'],
        ['translateFilePoison', '%TRANSLATION_QUEUE%-poison', 'AzureWebJobsStorage'],
        ['deliverWebhook', '%WEBHOOK_QUEUE%', 'AzureWebJobsStorage'],
        ['deliverWebhookPoison', '%WEBHOOK_QUEUE%-poison', 'AzureWebJobsStorage'],
      ],
    );
    assert.deepEqual(
      generic.map(({ name, options }) => [name, (options.trigger as { type: string }).type]),
      [
        ['translateJob', 'orchestrationTrigger'],
        ['durablePlanPage', 'activityTrigger'],
        ['durableTranslateItem', 'activityTrigger'],
        ['durableFailItem', 'activityTrigger'],
        ['durableFailPlanning', 'activityTrigger'],
        ['durableCancelRest', 'activityTrigger'],
        ['durableFinishJob', 'activityTrigger'],
      ],
    );
    for (const registration of [...http, ...queues, ...generic, ...timers])
      assert.equal(typeof registration.options.handler, 'function');

    // The registered orchestration is the real one behind the SDK's wrapper: its first episode lists a page.
    const orchestration = generic.find((g) => g.name === 'translateJob')?.options
      .handler as OrchestratorListener;
    const input = durableInputFor('6c1f5f7e-5d4e-4f3a-9b2c-1d0e9f8a7b6c', loadConfig({}, {}));
    const history = new History().start(input);
    const trigger = new testing.DurableOrchestrationInput(input.job_id, history.events, input);
    const state = await orchestration(trigger, new testing.DummyOrchestrationContext());
    assert.deepEqual(
      actionsOf(state).map((a) => [a.functionName ?? a.externalEventName, a.input]),
      [
        ['durablePlanPage', { job_id: input.job_id, page: 0 }],
        ['cancel', undefined],
      ],
    );
  });

  void test('package.json "main" points at the compiled entry point of this file', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { main: string };
    assert.equal(pkg.main, 'dist/src/functions/index.js');
  });
});

void describe('host entry point with invalid settings', () => {
  void test('every function is still registered; each invocation fails listing every problem, health answers 503', () => {
    const invalid = {
      ...process.env,
      TRANSLATION_QUEUE: 'Not_A_Queue',
      TRACKER_SHARDS: 'many',
      TRANSLATOR_PROVIDER: 'azure',
    };
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'test/helpers/hostEntryProbe.ts'], {
      env: invalid,
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(run.status, 0, run.stderr);
    const seen = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as {
      loadError?: string;
      registered: string[];
      health?: { status: number; body: { status: string; problems: string[] } };
      queueError?: string;
    };
    assert.equal(seen.loadError, undefined, 'loading the entry point must not throw');
    const declared = defineFunctions(() => {
      throw new Error('not called');
    }).map((d) => d.name);
    assert.deepEqual([...seen.registered].sort(), [...declared].sort());
    assert.equal(seen.health?.status, 503);
    assert.equal(seen.health?.body.status, 'misconfigured');
    const problems = seen.health?.body.problems ?? [];
    for (const setting of ['TRANSLATION_QUEUE', 'TRACKER_SHARDS', 'AZURE_TRANSLATOR_ENDPOINT']) {
      assert.ok(
        problems.some((p) => p.startsWith(setting)),
        `health lists ${setting}: ${problems.join('; ')}`,
      );
      assert.match(seen.queueError ?? '', new RegExp(setting), 'the queue invocation fails listing it too');
    }
  });
});
