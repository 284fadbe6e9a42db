import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import pLimit from 'p-limit';
import type { JobStatusBody } from '../../src/lib/jobs/jobStatusBody.js';
import { isTerminal } from '../../src/lib/tracker/entities.js';
import { testEnvironment, uniqueName, waitUntil, type TestEnvironment } from '../helpers/testServices.js';
import { spawnServe, type ServeProcess } from '../helpers/serveProcess.js';
import { seededRandom } from '../helpers/prng.js';
import { FUZZ_TARGETS, generateRequests } from '../helpers/httpFuzz.js';
import { RAW_GARBAGE, send, sendRaw, type FuzzResult } from '../helpers/fuzzSend.js';
import { printFigures } from '../helpers/audit.js';

const SEED = 7_919;
const REQUESTS = 1_200;
const CONCURRENCY = 16;

async function submit(api: string, body: unknown): Promise<Response> {
  return fetch(`${api}/jobs`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

void describe('HTTP fuzz: generated malformed and hostile requests to every route', () => {
  let env: TestEnvironment;
  let serve: ServeProcess;
  before(async () => {
    env = await testEnvironment();
    serve = await spawnServe(env.config);
  });
  after(async () => {
    await serve.kill('SIGKILL');
    // The generator's valid submissions write to these targets.
    await Promise.allSettled(
      FUZZ_TARGETS.map((name) => env.services.storage.blobs.getContainerClient(name).deleteIfExists()),
    );
    await env.cleanup();
  });

  void test(
    'no 5xx, the process stays up, and a valid job still completes',
    { timeout: 300_000 },
    async () => {
      const source = await env.sourceContainer({ 'a.txt': 'Alpha', 'docs/b.md': '# Beta' });
      const seedJobs: string[] = [];
      for (let i = 0; i < 3; i++) {
        const response = await submit(serve.api, {
          source_container: source,
          target_container: uniqueName('out'),
          target_language: 'es',
        });
        seedJobs.push(((await response.json()) as JobStatusBody).job_id);
      }

      const random = seededRandom(SEED);
      const requests = generateRequests(random, { source, jobIds: seedJobs }, REQUESTS);
      const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
      const base = new URL(serve.api);
      const limit = pLimit(CONCURRENCY);
      const started = Date.now();
      const results = await Promise.all(
        requests.map((r) => limit(async () => ({ r, result: await send(base, agent, r) }))),
      );
      const raw: FuzzResult[] = [];
      for (const bytes of RAW_GARBAGE) raw.push(await sendRaw(Number(base.port), bytes));
      agent.destroy();
      const seconds = (Date.now() - started) / 1000;

      const byStatus: Record<string, number> = {};
      const byRoute: Record<string, number> = {};
      const serverErrors: string[] = [];
      const socketErrors: string[] = [];
      for (const { r, result } of results) {
        byRoute[r.route] = (byRoute[r.route] ?? 0) + 1;
        const key = 'status' in result ? String(result.status) : `error:${result.error}`;
        byStatus[key] = (byStatus[key] ?? 0) + 1;
        if ('status' in result && result.status >= 500)
          serverErrors.push(`${result.status} ${r.method} ${r.path.slice(0, 120)}`);
        if ('error' in result)
          socketErrors.push(
            `${result.error} ${r.method} ${r.path.slice(0, 80)} (${r.body?.length ?? 0} bytes)`,
          );
      }
      const rawByStatus: Record<string, number> = {};
      for (const result of raw) {
        const key = 'status' in result ? String(result.status) : `error:${result.error}`;
        rawByStatus[key] = (rawByStatus[key] ?? 0) + 1;
      }
      const alive = serve.child.exitCode === null && serve.child.signalCode === null;
      const health = await fetch(`${serve.api}/health`);
      const log = serve.output.join('');
      printFigures('http fuzz', {
        requests: results.length + raw.length,
        seed: SEED,
        by_route: JSON.stringify(byRoute),
        status_histogram: JSON.stringify(byStatus),
        raw_socket_garbage: JSON.stringify(rawByStatus),
        '5xx': serverErrors.length,
        socket_errors: socketErrors.length,
        process_alive: alive,
        health_after: health.status,
        seconds: seconds.toFixed(1),
      });
      if (serverErrors.length > 0) console.log(serverErrors.slice(0, 20).join('\n'));
      if (socketErrors.length > 0) console.log(socketErrors.slice(0, 20).join('\n'));

      assert.ok(results.length >= 1000);
      for (const route of Object.keys(byRoute))
        assert.ok((byRoute[route] ?? 0) >= 50, `${route} got too few requests`);
      assert.equal(Object.keys(byRoute).length, 8, 'every route was fuzzed');
      assert.deepEqual(serverErrors, [], 'no 5xx');
      assert.deepEqual(socketErrors, [], 'every request got an answer');
      for (const result of raw) if ('status' in result) assert.ok(result.status < 500);
      assert.ok(alive, 'the runtime process is still running');
      assert.equal(health.status, 200);
      assert.doesNotMatch(log, /HTTP handler crashed|Unhandled error/);

      // The API still does real work afterwards.
      const files: Record<string, string> = {};
      for (let i = 0; i < 20; i++) files[`after/${i}.txt`] = `After the fuzz ${i}`;
      const afterSource = await env.sourceContainer(files);
      const response = await submit(serve.api, {
        source_container: afterSource,
        target_container: uniqueName('out'),
        target_languages: ['es', 'fr'],
      });
      assert.equal(response.status, 202);
      const jobId = ((await response.json()) as JobStatusBody).job_id;
      const final = await waitUntil(
        async () => {
          const s = (await (await fetch(`${serve.api}/jobs/${jobId}`)).json()) as JobStatusBody;
          return isTerminal(s.status) ? s : undefined;
        },
        { timeoutMs: 120_000, intervalMs: 200, what: 'the job after the fuzz to end' },
      );
      assert.equal(final.status, 'completed');
      assert.equal(final.succeeded_files, 40);
    },
  );
});
