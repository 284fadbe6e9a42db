import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { ApiClient, ApiError } from '../../src/cli/apiClient.js';
import { runCli } from '../../src/cli/program.js';
import type { RetryPolicy } from '../../src/cli/retryPolicy.js';

/** Back-offs of a few milliseconds, so a test waits only where the server says so (Retry-After). */
const FAST: Partial<RetryPolicy> = { retries: 3, baseDelayMs: 5, maxDelayMs: 20 };

interface Seen {
  method: string;
  url: string;
  idempotencyKey: string | undefined;
  body: string;
}

type Answer = (res: ServerResponse, req: IncomingMessage) => void;

const reset: Answer = (_res, req) => req.socket.destroy();
const status =
  (code: number, body: unknown = {}, headers: Record<string, string> = {}): Answer =>
  (res) => {
    res.writeHead(code, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
const job = { job_id: 'job-1', status: 'running' };

void describe('CLI API client retries', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A real HTTP server answering the n-th request with `answers[n]` (the last one from then on). */
  async function serve(answers: Answer[], port = 0): Promise<{ url: string; port: number; seen: Seen[] }> {
    const seen: Seen[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const key = req.headers['idempotency-key'];
        seen.push({
          method: req.method ?? '',
          url: req.url ?? '',
          idempotencyKey: typeof key === 'string' ? key : undefined,
          body,
        });
        const answer = answers[Math.min(seen.length, answers.length) - 1];
        answer?.(res, req);
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    cleanups.push(async () => {
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await closed;
    });
    const { port: bound } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${bound}/api`, port: bound, seen };
  }

  /** A loopback port nothing listens on (for now). */
  async function freePort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    return port;
  }

  const client = (url: string, notes: string[] = [], retry = FAST) =>
    new ApiClient(url, undefined, { retry, onRetry: (note) => notes.push(note) });

  void test('a GET whose connections are reset twice is retried and answered', async () => {
    const api = await serve([reset, reset, status(200, job)]);
    const notes: string[] = [];
    assert.deepEqual(await client(api.url, notes).status('job-1'), job);
    assert.equal(api.seen.length, 3);
    assert.equal(notes.length, 2);
    assert.match(notes[0] ?? '', /^GET \/jobs\/job-1: (UND_ERR_SOCKET|ECONNRESET); retry 1 of 3$/);
  });

  void test('502, 503 and 504 are retried; Retry-After is waited for', async () => {
    const api = await serve([
      status(502),
      status(
        503,
        { error: { code: 'service_unavailable', message: 'Storage is unavailable' } },
        { 'Retry-After': '1' },
      ),
      status(504),
      status(200, { jobs: [], continuation: null }),
    ]);
    const started = performance.now();
    assert.deepEqual(await client(api.url).list(), { jobs: [], continuation: null });
    // Back-offs here are at most 20 ms each, so only the server's Retry-After explains a second's wait.
    assert.ok(performance.now() - started >= 950, 'waited for Retry-After: 1');
    assert.equal(api.seen.length, 4);
  });

  void test('a server restarting (connection refused) is waited for', async () => {
    const port = await freePort();
    const notes: string[] = [];
    const api = new ApiClient(`http://127.0.0.1:${port}/api`, undefined, {
      // Back-offs long enough for the server to be listening again by the next attempt.
      retry: { retries: 3, baseDelayMs: 200, maxDelayMs: 400 },
      onRetry: (note) => {
        notes.push(note);
        // The server comes back during the first back-off.
        if (notes.length === 1) void serve([status(200, job)], port);
      },
    });
    assert.deepEqual(await api.status('job-1'), job);
    assert.match(notes[0] ?? '', /ECONNREFUSED; retry 1 of 3/);
  });

  void test('a submission is retried with the same Idempotency-Key and body', async () => {
    const api = await serve([reset, status(503), status(202, job)]);
    const request = { source_container: 'in', target_container: 'out', target_languages: ['fr'] };
    assert.deepEqual(await client(api.url).submit(request), job);
    assert.equal(api.seen.length, 3);
    const [first, ...retries] = api.seen;
    assert.match(first?.idempotencyKey ?? '', /^[0-9a-f-]{36}$/);
    assert.deepEqual(JSON.parse(first?.body ?? ''), request);
    for (const retry of retries) assert.deepEqual(retry, first);
  });

  void test('after the last retry the error says what failed and how often it was tried', async () => {
    const api = await serve([
      status(503, { error: { code: 'service_unavailable', message: 'Storage down.' } }),
    ]);
    await assert.rejects(client(api.url).status('job-1'), (error: ApiError) => {
      assert.equal(error.status, 503);
      assert.equal(error.code, 'service_unavailable');
      assert.equal(error.message, 'Storage down. (after 4 attempts)');
      return true;
    });
    assert.equal(api.seen.length, 4);

    const port = await freePort();
    await assert.rejects(client(`http://127.0.0.1:${port}/api`).list(), (error: ApiError) => {
      assert.equal(error.code, 'unreachable');
      assert.equal(
        error.message,
        `Cannot reach the API at http://127.0.0.1:${port}/api/jobs (ECONNREFUSED, 4 attempts). Is it running? Try --url.`,
      );
      return true;
    });
  });

  void test('answers no retry can change are not retried: 400, 404, 500, 503 durable_mode_unavailable', async () => {
    for (const answer of [
      status(400, { error: { code: 'invalid_request', message: 'Bad.' } }),
      status(404, { error: { code: 'job_not_found', message: 'No job.' } }),
      status(500, { error: { code: 'internal_error', message: 'Bug.' } }),
      status(503, { error: { code: 'durable_mode_unavailable', message: 'Use the host.' } }),
    ]) {
      const api = await serve([answer, status(200, job)]);
      await assert.rejects(client(api.url).cancel('job-1'), ApiError);
      assert.equal(api.seen.length, 1);
    }
  });

  void test('batch-translate --json status rides out a reset and says so on stderr', async () => {
    const api = await serve([reset, status(200, job)]);
    let stdout = '';
    let stderr = '';
    const code = await runCli(['--url', api.url, '--json', 'status', 'job-1'], {
      env: {},
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      interactive: false,
      retry: FAST,
    });
    assert.equal(code, 0, stderr);
    assert.deepEqual(JSON.parse(stdout), job);
    assert.match(stderr, /^GET \/jobs\/job-1: \w+; retry 1 of 3\n$/);
  });

  void test('an Idempotency-Key given by the caller is the one sent', async () => {
    const api = await serve([status(202, job)]);
    const key = randomUUID();
    await client(api.url).submit(
      { source_container: 'a', target_container: 'b', target_languages: ['de'] },
      key,
    );
    assert.equal(api.seen[0]?.idempotencyKey, key);
  });
});
