/**
 * The standalone worker as deployments run it: the compiled `node dist/src/runtime/serve.js` (npm run serve, the
 * container image, the Kubernetes Deployment, the systemd unit). SIGTERM in the middle of an item lets the item
 * finish and be recorded, then the process exits 0: what Kubernetes and systemd rely on to stop a worker
 * without losing or repeating work. npm test builds dist/ before the tests run.
 */
import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../../scripts/azurite.js';
import { call } from '../functions/http/harness.js';
import { testEnvironment, uniqueName, waitUntil, type TestEnvironment } from '../helpers/testServices.js';

const SERVE = 'dist/src/runtime/serve.js';
// Long enough that the item is certainly still running when SIGTERM arrives.
const TRANSLATE_LATENCY_MS = 4000;

void describe('the compiled standalone worker (npm run serve)', () => {
  let env: TestEnvironment;
  let child: ChildProcess | undefined;
  beforeEach(async () => {
    env = await testEnvironment();
  });
  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    child = undefined;
    await env.cleanup();
  });

  void test('SIGTERM mid-item: the item finishes and is recorded, the HTTP port closes, and the process exits 0', async () => {
    const port = await freePort();
    const output: string[] = [];
    child = spawn(process.execPath, [SERVE], {
      env: {
        ...process.env,
        TRANSLATION_QUEUE: env.config.translationQueue,
        PLAN_QUEUE: env.config.planQueue,
        JOBS_TABLE: env.config.jobsTable,
        CACHE_TABLE: env.config.cache.table,
        WEBHOOK_QUEUE: env.config.webhooks.queue,
        TRANSLATOR_PROVIDER: 'pseudo',
        PSEUDO_LATENCY_MS: String(TRANSLATE_LATENCY_MS),
        PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
    await waitUntil(
      async () => {
        if (child?.exitCode !== null) throw new Error(`serve exited early:\n${output.join('')}`);
        return output.join('').includes('listening on') ? true : undefined;
      },
      { what: 'serve to listen', timeoutMs: 60_000 },
    );

    const source = await env.sourceContainer({ 'a.txt': 'Hello, world.\n' });
    const target = uniqueName('out');
    const created = await fetch(`http://127.0.0.1:${port}/api/jobs`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ source_container: source, target_container: target, target_language: 'es' }),
    });
    assert.equal(created.status, 202);
    const { job_id: jobId } = (await created.json()) as { job_id: string };
    const jobStatus = async () =>
      (await call(env.services, 'getJob', { path: `/jobs/${jobId}`, params: { jobId } })).body as Record<
        string,
        unknown
      >;

    // The item is in flight once it is planned and its message is leased (invisible) but not yet recorded.
    const workQueue = env.services.storage.queue(env.config.translationQueue);
    await waitUntil(
      async () => {
        const job = await jobStatus();
        if (job.total_files !== 1) return undefined;
        // The count includes leased messages; a peek sees only visible ones.
        const { approximateMessagesCount } = await workQueue.getProperties();
        const visible = await workQueue.peekMessages({ numberOfMessages: 1 });
        const leased = approximateMessagesCount === 1 && visible.peekedMessageItems.length === 0;
        return leased && job.processed_files === 0 ? true : undefined;
      },
      { what: 'the item to be in flight', timeoutMs: 30_000, intervalMs: 100 },
    );

    child.kill('SIGTERM');
    const code = await exited;
    const log = output.join('');
    assert.equal(code, 0, log);
    assert.match(log, /SIGTERM: finishing in-flight messages/);
    assert.match(log, /Stopped cleanly/);

    const job = await jobStatus();
    assert.equal(job.status, 'completed', JSON.stringify(job));
    assert.equal(job.processed_files, 1);
    assert.equal(job.succeeded_files, 1);
    const output0 = await env.services.storage.blobs
      .getContainerClient(target)
      .getBlobClient('es/a.txt')
      .downloadToBuffer();
    assert.match(output0.toString('utf8'), /^\[es: /);
    // Nothing is left to redo: the message was deleted when the item was recorded.
    const left = await workQueue.getProperties();
    assert.equal(left.approximateMessagesCount, 0);
    await assert.rejects(fetch(`http://127.0.0.1:${port}/api/health`), 'the HTTP port is closed');
  });
});
