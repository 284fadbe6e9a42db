/**
 * The job API in durable mode, through the SDK's request classes: with a durable client (as the host entry
 * point wires it) and without one (as the local runtime serves the same definitions).
 */
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DefineOptions } from '../../../src/functions/definitions.js';
import type { TranslateJobInput } from '../../../src/lib/durable/contracts.js';
import { durableInputFor, type JobOrchestrations } from '../../../src/lib/durable/jobOrchestrations.js';
import type { JobStatusBody } from '../../../src/lib/jobs/jobStatusBody.js';
import { drainQueue } from '../../helpers/jobs.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';
import { assertError, call, type ApiResponse } from './harness.js';

interface FakeClient extends JobOrchestrations {
  started: { jobId: string; input: TranslateJobInput }[];
  cancels: string[];
}

function fakeClient(): FakeClient {
  const client: FakeClient = {
    started: [],
    cancels: [],
    start: async (jobId, input) => void client.started.push({ jobId, input }),
    signalCancel: async (jobId) => void client.cancels.push(jobId),
  };
  return client;
}

void describe('job API: processing modes', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup(settings: Record<string, string> = {}) {
    const env: TestEnvironment = await testEnvironment(settings);
    cleanups.push(() => env.cleanup());
    const source = await env.sourceContainer({ 'a.txt': 'A', 'b.txt': 'B' });
    const client = fakeClient();
    const withClient: DefineOptions = { orchestrations: () => client };
    const post = (
      body: Record<string, unknown>,
      define: DefineOptions,
      headers: Record<string, string> = {},
    ) =>
      call(
        env.services,
        'createJob',
        {
          path: '/jobs',
          body: JSON.stringify({
            source_container: source,
            target_container: uniqueName('out'),
            target_language: 'es',
            ...body,
          }),
          headers: { 'content-type': 'application/json', ...headers },
        },
        define,
      );
    const cancel = (jobId: string, define: DefineOptions): Promise<ApiResponse> =>
      call(env.services, 'cancelJob', { path: `/jobs/${jobId}`, params: { jobId } }, define);
    const get = (jobId: string) =>
      call(env.services, 'getJob', { path: `/jobs/${jobId}`, params: { jobId } });
    return { env, client, withClient, post, cancel, get };
  }

  void test('"mode": "durable" starts the orchestration with instance id = job id, and sends no plan message', async () => {
    const { env, client, withClient, post, get } = await setup({ DURABLE_MAX_PARALLEL: '50' });
    const response = await post({ mode: 'durable' }, withClient);
    assert.equal(response.status, 202, response.text);
    const body = response.body as JobStatusBody;
    assert.deepEqual([body.mode, body.status], ['durable', 'queued']);
    assert.deepEqual(client.started, [
      { jobId: body.job_id, input: durableInputFor(body.job_id, env.config) },
    ]);
    assert.equal(client.started[0]?.input.max_parallel, 50);
    assert.deepEqual(await drainQueue(env.services.planQueue), []);
    assert.equal(((await get(body.job_id)).body as JobStatusBody).mode, 'durable');
  });

  void test('PROCESSING_MODE sets the default; "mode" in the body overrides it either way', async () => {
    const durableByDefault = await setup({ PROCESSING_MODE: 'durable' });
    const implicit = await durableByDefault.post({}, durableByDefault.withClient);
    assert.equal((implicit.body as JobStatusBody).mode, 'durable');
    const explicitQueue = await durableByDefault.post({ mode: 'queue' }, durableByDefault.withClient);
    assert.equal((explicitQueue.body as JobStatusBody).mode, 'queue');
    assert.equal(durableByDefault.client.started.length, 1, 'only the durable job was started');
    assert.deepEqual(
      (await drainQueue(durableByDefault.env.services.planQueue)).map(
        (m) => (m as { job_id?: unknown }).job_id,
      ),
      [(explicitQueue.body as JobStatusBody).job_id],
    );

    const queueByDefault = await setup();
    assert.equal(
      ((await queueByDefault.post({}, queueByDefault.withClient)).body as JobStatusBody).mode,
      'queue',
    );
    assert.equal(queueByDefault.client.started.length, 0);
  });

  void test('without a durable client (the local runtime) a durable job is refused before anything is written', async () => {
    const { env, post } = await setup({ PROCESSING_MODE: 'durable' });
    for (const body of [{ mode: 'durable' }, {}]) {
      const response = await post(body, {}, { 'idempotency-key': 'same-key' });
      const error = assertError(response, 503, 'durable_mode_unavailable');
      assert.match(error.message, /Functions host/);
    }
    const jobs = await call(env.services, 'listJobs', { path: '/jobs' });
    assert.deepEqual((jobs.body as { jobs: unknown[] }).jobs, []);
    const queued = await post({ mode: 'queue' }, {}, { 'idempotency-key': 'same-key' });
    assert.equal(queued.status, 202, 'the Idempotency-Key was not used up by the refused request');
  });

  void test('an idempotent retry of a durable job starts nothing more: the job was handed on once', async () => {
    const { client, withClient, post } = await setup();
    const body = { mode: 'durable', target_container: uniqueName('out') };
    const first = await post(body, withClient, { 'idempotency-key': 'k1' });
    const again = await post(body, withClient, { 'idempotency-key': 'k1' });
    assert.equal(again.status, 202);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    const jobId = (first.body as JobStatusBody).job_id;
    assert.equal((again.body as JobStatusBody).job_id, jobId);
    assert.deepEqual(
      client.started.map((s) => s.jobId),
      [jobId],
    );
  });

  void test("DELETE signals a durable job's orchestration, never a queue job's; the tracker flag is set either way", async () => {
    const { client, withClient, post, cancel } = await setup();
    const durable = (await post({ mode: 'durable' }, withClient)).body as JobStatusBody;
    const queue = (await post({ mode: 'queue' }, withClient)).body as JobStatusBody;
    for (const job of [durable, queue]) {
      const response = await cancel(job.job_id, withClient);
      assert.equal(response.status, 202, response.text);
      assert.equal((response.body as JobStatusBody).cancel_requested, true);
    }
    assert.deepEqual(client.cancels, [durable.job_id]);

    // Without a client (local runtime) the flag alone is set: the orchestration still stops at its next step.
    const other = (await post({ mode: 'durable' }, withClient)).body as JobStatusBody;
    const response = await cancel(other.job_id, {});
    assert.equal(response.status, 202, response.text);
    assert.equal((response.body as JobStatusBody).cancel_requested, true);
    assert.deepEqual(client.cancels, [durable.job_id]);
  });

  void test('"mode" must be "queue" or "durable"', async () => {
    const { withClient, post } = await setup();
    const error = assertError(await post({ mode: 'batch' }, withClient), 400, 'invalid_request');
    assert.deepEqual(
      (error.details as { field: string }[]).map((d) => d.field),
      ['mode'],
    );
  });
});
