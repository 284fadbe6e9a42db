import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  storedJobRow,
  testEnvironment,
  uniqueName,
  waitUntil,
  type TestEnvironment,
} from '../../helpers/testServices.js';
import { startTestRuntime } from '../../helpers/localRuntime.js';
import { FaultyTranslator } from '../../helpers/faultyTranslator.js';
import { waitForTerminal } from '../../helpers/jobs.js';
import { call, assertError } from '../../functions/http/harness.js';

const SECRET = 'test-webhook-signing-secret';

const jobRow = (env: TestEnvironment, jobId: string) => storedJobRow(env.services, jobId);

interface Delivery {
  headers: IncomingHttpHeaders;
  body: Buffer;
  answered: number;
}

/** A webhook receiver on 127.0.0.1 that answers `statuses` in turn (then 204) and keeps what it got. */
async function receiver(
  statuses: number[] = [],
): Promise<{ url: string; deliveries: Delivery[]; server: Server }> {
  const deliveries: Delivery[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answered = statuses[deliveries.length] ?? 204;
      deliveries.push({ headers: req.headers, body: Buffer.concat(chunks), answered });
      res.writeHead(answered).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/done`, deliveries, server };
}

function verifySignature(delivery: Delivery, secret: string): boolean {
  const header = String(delivery.headers['x-batchtranslator-signature'] ?? '');
  const expected = `sha256=${createHmac('sha256', secret).update(delivery.body).digest('hex')}`;
  return header.length === expected.length && timingSafeEqual(Buffer.from(header), Buffer.from(expected));
}

void describe('completion webhooks through the local runtime', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setUp(
    overrides: Record<string, string> = {},
    translator?: FaultyTranslator,
  ): Promise<TestEnvironment> {
    const env = await testEnvironment(
      {
        WEBHOOK_SIGNING_SECRET: SECRET,
        ALLOW_HTTP_LOOPBACK_CALLBACKS: 'true',
        WEBHOOK_RETRY_BASE_SECONDS: '0',
        ...overrides,
      },
      translator ? { translator } : {},
    );
    const runtime = await startTestRuntime(env);
    cleanups.push(
      () => runtime.stop(),
      () => env.cleanup(),
    );
    return env;
  }

  async function submit(env: TestEnvironment, body: Record<string, unknown>): Promise<string> {
    const response = await call(env.services, 'createJob', { body: JSON.stringify(body) });
    assert.equal(response.status, 202, response.text);
    return (response.body as { job_id: string }).job_id;
  }

  void test('a finished job is POSTed once, signed, with its status body and a stable delivery id', async () => {
    const hook = await receiver();
    cleanups.push(() => new Promise((resolve) => hook.server.close(() => resolve())));
    const env = await setUp({}, new FaultyTranslator((segment) => segment.includes('BAD')));
    const source = await env.sourceContainer({ 'a.txt': 'one', 'b.txt': 'two', 'c.txt': 'BAD three' });
    const jobId = await submit(env, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'fr',
      callback_url: hook.url,
    });
    const final = await waitForTerminal(env.services, jobId);
    assert.equal(final.status, 'completed_with_errors');
    const row = await waitUntil(
      async () => {
        const r = await jobRow(env, jobId);
        return r.callback_delivered_at ? r : undefined;
      },
      { what: 'callback_delivered_at' },
    );
    assert.ok(row.callback_queued_at);
    assert.equal(hook.deliveries.length, 1);
    const [delivery] = hook.deliveries;
    assert.ok(delivery);
    assert.ok(verifySignature(delivery, SECRET), 'signature verifies with the secret');
    assert.ok(!verifySignature(delivery, 'some-other-secret-value'), 'and not with another');
    assert.equal(delivery.headers['content-type'], 'application/json');
    assert.equal(delivery.headers['x-batchtranslator-delivery'], jobId);
    assert.equal(delivery.headers['x-batchtranslator-event'], 'job.completed_with_errors');
    const body = JSON.parse(delivery.body.toString('utf8')) as Record<string, unknown>;
    assert.equal(body.job_id, jobId);
    assert.equal(body.status, 'completed_with_errors');
    assert.equal(body.processed_files, 3);
    assert.equal(body.failed_files, 1);

    // The close path runs again on duplicates; a repeated message is skipped once delivered.
    await env.services.tracker.closeJob(jobId);
    const { deliverWebhook } = await import('../../../src/lib/webhooks/deliverWebhook.js');
    const again = await deliverWebhook(env.services, { kind: 'webhook', job_id: jobId });
    assert.equal(again.kind, 'skipped');
    const status = await call(env.services, 'getJob', { params: { jobId }, path: `/jobs/${jobId}` });
    const callback = (status.body as { callback: Record<string, unknown> }).callback;
    assert.equal(callback.url, hook.url);
    assert.equal(callback.delivered_at, row.callback_delivered_at);
    assert.equal(callback.error, null);
    assert.equal(hook.deliveries.length, 1, 'exactly one delivery');
  });

  void test('a receiver that fails twice is retried and receives the job once it answers 2xx', async () => {
    const hook = await receiver([500, 503]);
    cleanups.push(() => new Promise((resolve) => hook.server.close(() => resolve())));
    const env = await setUp();
    const source = await env.sourceContainer({ 'a.txt': 'one' });
    const jobId = await submit(env, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'de',
      callback_url: hook.url,
    });
    await waitForTerminal(env.services, jobId);
    await waitUntil(async () => ((await jobRow(env, jobId)).callback_delivered_at ? true : undefined), {
      what: 'delivery after retries',
    });
    assert.deepEqual(
      hook.deliveries.map((d) => d.answered),
      [500, 503, 204],
    );
    const ids = new Set(hook.deliveries.map((d) => d.headers['x-batchtranslator-delivery']));
    assert.deepEqual([...ids], [jobId], 'the same delivery id on every attempt');
    assert.ok(hook.deliveries.every((d) => verifySignature(d, SECRET)));
    assert.equal((await jobRow(env, jobId)).callback_error, '');
  });

  void test('a receiver that never answers 2xx leaves the last error on the job', async () => {
    const hook = await receiver(Array<number>(20).fill(500));
    cleanups.push(() => new Promise((resolve) => hook.server.close(() => resolve())));
    const env = await setUp();
    const source = await env.sourceContainer({ 'a.txt': 'one' });
    const jobId = await submit(env, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'de',
      callback_url: hook.url,
    });
    await waitForTerminal(env.services, jobId);
    const row = await waitUntil(
      async () => {
        const r = await jobRow(env, jobId);
        return r.callback_error?.startsWith('gave up') ? r : undefined;
      },
      { what: 'giving up' },
    );
    const { WEBHOOK_MAX_ATTEMPTS } = await import('../../../src/lib/webhooks/deliverWebhook.js');
    assert.equal(hook.deliveries.length, WEBHOOK_MAX_ATTEMPTS);
    assert.match(row.callback_error ?? '', /HTTP 500/);
    assert.equal(row.callback_delivered_at, undefined);
  });
});

void describe('callback_url at submission', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function envWith(overrides: Record<string, string>): Promise<TestEnvironment> {
    const env = await testEnvironment({ WEBHOOK_SIGNING_SECRET: SECRET, ...overrides });
    cleanups.push(() => env.cleanup());
    return env;
  }

  const request = (source: string, callback_url: string) =>
    JSON.stringify({
      source_container: source,
      target_container: 'out-never',
      target_language: 'fr',
      callback_url,
    });

  void test('private, link-local, metadata, mapped-loopback and non-https URLs are refused with 400', async () => {
    const env = await envWith({ ALLOW_HTTP_LOOPBACK_CALLBACKS: 'false' });
    const source = await env.sourceContainer({ 'a.txt': 'x' });
    const forbidden: [string, string][] = [
      ['https://10.0.0.1/hook', 'forbidden_callback_url'],
      ['https://192.168.1.20/hook', 'forbidden_callback_url'],
      ['https://169.254.169.254/latest/meta-data', 'forbidden_callback_url'],
      ['https://[fe80::1]/hook', 'forbidden_callback_url'],
      ['https://[::ffff:127.0.0.1]/hook', 'forbidden_callback_url'],
      ['https://[::ffff:169.254.169.254]/hook', 'forbidden_callback_url'],
      ['https://localhost/hook', 'forbidden_callback_url'], // a name that resolves to loopback
      ['https://127.0.0.1/hook', 'forbidden_callback_url'],
      ['https://does-not-exist.invalid/hook', 'forbidden_callback_url'],
      ['http://10.0.0.1/hook', 'invalid_request'],
      ['http://169.254.169.254/', 'invalid_request'],
      ['ftp://example.com/hook', 'invalid_request'],
    ];
    for (const [url, code] of forbidden) {
      const response = await call(env.services, 'createJob', { body: request(source, url) });
      const error = assertError(response, 400, code);
      assert.match(JSON.stringify(error.details), /callback_url/, url);
    }
    const { listJobs } = await import('../../../src/lib/jobs/listJobs.js');
    assert.equal((await listJobs(env.services, {})).jobs.length, 0, 'no job was created');
  });

  void test('loopback is accepted only with ALLOW_HTTP_LOOPBACK_CALLBACKS, and metadata never', async () => {
    const env = await envWith({ ALLOW_HTTP_LOOPBACK_CALLBACKS: 'true' });
    const source = await env.sourceContainer({ 'a.txt': 'x' });
    const ok = await call(env.services, 'createJob', { body: request(source, 'http://127.0.0.1:9/hook') });
    assert.equal(ok.status, 202, ok.text);
    const metadata = await call(env.services, 'createJob', {
      body: request(source, 'https://169.254.169.254/hook'),
    });
    assertError(metadata, 400, 'forbidden_callback_url');
  });

  void test('without WEBHOOK_SIGNING_SECRET a callback_url is refused, so nothing is ever sent unsigned', async () => {
    const env = await testEnvironment({ ALLOW_HTTP_LOOPBACK_CALLBACKS: 'true' });
    cleanups.push(() => env.cleanup());
    const source = await env.sourceContainer({ 'a.txt': 'x' });
    const response = await call(env.services, 'createJob', { body: request(source, 'http://127.0.0.1:9/h') });
    assertError(response, 400, 'webhooks_not_configured');
  });
});
