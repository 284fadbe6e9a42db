import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { testEnvironment, uniqueName, waitUntil, type TestEnvironment } from '../helpers/testServices.js';
import { countBlobs } from '../helpers/jobs.js';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts `npm run serve` exactly as a user would, with this test's own queues and table. */
async function startServe(
  env: TestEnvironment,
  port: number,
): Promise<{ child: ChildProcess; output: string[] }> {
  const output: string[] = [];
  const child = spawn('npm', ['run', '--silent', 'serve'], {
    env: {
      ...process.env,
      PORT: String(port),
      TRANSLATION_QUEUE: env.config.translationQueue,
      PLAN_QUEUE: env.config.planQueue,
      JOBS_TABLE: env.config.jobsTable,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group, so signals reach npm and the runtime together, as Ctrl-C or a container stop does.
    detached: true,
  });
  child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
  await waitUntil(
    async () => {
      if (child.exitCode !== null) throw new Error(`serve exited early:\n${output.join('')}`);
      return output.join('').includes('listening on') ? true : undefined;
    },
    { what: 'serve to listen', timeoutMs: 60_000 },
  );
  return { child, output };
}

describe('end to end over HTTP against npm run serve', () => {
  let env: TestEnvironment;
  let serve: { child: ChildProcess; output: string[] };
  let base: string;

  before(async () => {
    env = await testEnvironment();
    const port = await freePort();
    serve = await startServe(env, port);
    base = `http://127.0.0.1:${port}/api`;
  });
  after(async () => {
    try {
      process.kill(-(serve.child.pid ?? 0), 'SIGKILL');
    } catch {
      // Already gone after the graceful stop.
    }
    await env.cleanup();
  });

  test('200 nested files into two languages: 400 outputs, completed, exact counts; SIGTERM exits cleanly', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 200; i++) {
      // Same file name in many folders: outputs must keep the full path to avoid collisions.
      files[`docs/section-${i % 10}/chapter-${Math.floor(i / 10)}/README.txt`] =
        `Chapter ${i}\n\nThe end of chapter ${i}.`;
    }
    const source = await env.sourceContainer(files);
    const target = uniqueName('out');

    const started = Date.now();
    const response = await fetch(`${base}/jobs`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        source_container: source,
        target_container: target,
        target_languages: ['es', 'fr'],
      }),
    });
    const elapsed = Date.now() - started;
    assert.equal(response.status, 202);
    const created = (await response.json()) as { job_id: string; status: string };
    assert.equal(response.headers.get('location'), `/api/jobs/${created.job_id}`);
    assert.ok(elapsed < 1000, `POST took ${elapsed} ms`);

    const final = await waitUntil(
      async () => {
        const r = await fetch(`${base}/jobs/${created.job_id}`);
        const body = (await r.json()) as Record<string, unknown>;
        return ['completed', 'completed_with_errors', 'failed', 'cancelled'].includes(String(body.status))
          ? body
          : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 200, what: 'job to finish' },
    );
    assert.equal(final.status, 'completed');
    assert.equal(final.total_files, 400);
    assert.equal(final.processed_files, 400);
    assert.equal(final.succeeded_files, 400);
    assert.equal(final.failed_files, 0);
    assert.equal(final.cancelled_files, 0);
    assert.ok(typeof final.completed_at === 'string');

    const outputs = await countBlobs(env.services, target);
    assert.equal(outputs.length, 400);
    assert.equal(new Set(outputs).size, 400);
    const sample = await env.services.storage.blobs
      .getContainerClient(target)
      .getBlobClient('fr/docs/section-3/chapter-4/README.txt')
      .downloadToBuffer();
    assert.equal(sample.toString('utf8'), '[fr: Çĥáþţéŕ 43]\n\n[fr: Ţĥé éñð öƒ çĥáþţéŕ 43.]');
    const props = await env.services.storage.blobs
      .getContainerClient(target)
      .getBlobClient('fr/docs/section-3/chapter-4/README.txt')
      .getProperties();
    assert.equal(props.metadata?.job_id, created.job_id);
    assert.ok(props.metadata?.source_etag);
    assert.match(props.contentType ?? '', /^text\/plain/);

    const page = (await (
      await fetch(`${base}/jobs/${created.job_id}/files?limit=50&status=succeeded`)
    ).json()) as {
      files: unknown[];
      continuation: string | null;
    };
    assert.equal(page.files.length, 50);
    assert.ok(page.continuation);

    // SIGTERM to the process group (what a terminal or container runtime does): the runtime lets
    // in-flight messages finish before it exits.
    process.kill(-(serve.child.pid ?? 0), 'SIGTERM');
    await waitUntil(async () => (/Stopped cleanly/.test(serve.output.join('')) ? true : undefined), {
      what: 'graceful shutdown',
      timeoutMs: 30_000,
    });
  });
});
