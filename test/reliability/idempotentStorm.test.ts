import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pLimit from 'p-limit';
import { activityHandlers } from '../../src/functions/durable/handlers.js';
import { DURABLE } from '../../src/lib/durable/names.js';
import type { JobOrchestrations } from '../../src/lib/durable/jobOrchestrations.js';
import type { TranslateJobInput } from '../../src/lib/durable/contracts.js';
import { createJob } from '../../src/lib/jobs/createJob.js';
import type { JobStatusBody } from '../../src/lib/jobs/jobStatusBody.js';
import { parseJobRequest } from '../../src/lib/jobs/jobRequest.js';
import { PseudoTranslator } from '../../src/lib/translation/pseudoTranslator.js';
import { auditJob, printFigures } from '../helpers/audit.js';
import { CountingTranslator } from '../helpers/countingTranslator.js';
import { runOrchestration } from '../helpers/durableDriver.js';
import { drainQueue, jobStatus, waitForTerminal } from '../helpers/jobs.js';
import { startTestRuntime } from '../helpers/localRuntime.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../helpers/testServices.js';

const FILES = 1_500;
const REPLAYS = 20;

/** One sentence per file, each different, so every provider segment names exactly one item. */
const sentence = (i: number): string => `Storm sentence number ${i} stands alone.`;

/** ~1,500 small blobs, uploaded 64 at a time. */
async function stormSource(env: TestEnvironment): Promise<string> {
  const name = await env.sourceContainer({});
  const container = env.services.storage.blobs.getContainerClient(name);
  const limit = pLimit(64);
  await Promise.all(
    Array.from({ length: FILES }, (_, i) =>
      limit(() => {
        const body = sentence(i);
        return container
          .getBlockBlobClient(`storm/${String(i).padStart(4, '0')}.txt`)
          .upload(body, body.length);
      }),
    ),
  );
  return name;
}

/** Every file was translated exactly once: one provider segment per item, none twice. */
function assertTranslatedOnce(translator: CountingTranslator): void {
  assert.deepEqual(translator.repeated().slice(0, 5), [], 'no segment was sent to the provider twice');
  assert.equal(translator.counts.size, FILES, 'every file reached the provider');
}

async function assertExact(env: TestEnvironment, jobId: string, target: string): Promise<JobStatusBody> {
  const status = await jobStatus(env.services, jobId);
  assert.equal(status.status, 'completed');
  assert.deepEqual(
    [status.total_files, status.succeeded_files, status.processed_files, status.failed_files],
    [FILES, FILES, FILES, 0],
  );
  assert.equal(status.outputs_missing, 0);
  const audit = await auditJob(env.services, jobId, target);
  assert.equal(audit.duplicated, 0);
  assert.equal(audit.doneMarkers, FILES);
  assert.deepEqual(audit.missingOutputs, []);
  assert.deepEqual(audit.unexpectedOutputs, []);
  return status;
}

void describe(`idempotent storm: ${REPLAYS} parallel replays of one submission on ${FILES} blobs`, () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  void test(
    'queue mode, through the local runtime: one job, one plan, each file translated once',
    { timeout: 300_000 },
    async () => {
      const translator = new CountingTranslator(new PseudoTranslator());
      const env = await testEnvironment({ TRANSLATION_CACHE: 'false' }, { translator });
      cleanups.push(() => env.cleanup());
      const source = await stormSource(env);
      const target = uniqueName('out');
      const runtime = await startTestRuntime(env);
      cleanups.push(() => runtime.stop());

      const started = Date.now();
      const key = uniqueName('storm');
      const body = JSON.stringify({
        source_container: source,
        target_container: target,
        target_language: 'es',
      });
      const replies = await Promise.all(
        Array.from({ length: REPLAYS }, async () => {
          const response = await fetch(`${runtime.url}/api/jobs`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': key },
            body,
          });
          return { status: response.status, body: (await response.json()) as JobStatusBody };
        }),
      );
      assert.ok(
        replies.every((r) => r.status === 202 || r.status === 200),
        JSON.stringify(replies[0]),
      );
      const jobIds = new Set(replies.map((r) => r.body.job_id));
      assert.equal(jobIds.size, 1, 'one job');
      const [jobId] = jobIds;
      assert.ok(jobId);

      const final = await waitForTerminal(env.services, jobId, 240_000);
      assert.equal(final.status, 'completed');
      await assertExact(env, jobId, target);
      assertTranslatedOnce(translator);
      assert.deepEqual(await drainQueue(env.services.planQueue), [], 'no plan message left over');
      printFigures('idempotent storm (queue)', {
        files: FILES,
        replays: REPLAYS,
        provider_calls: translator.calls,
        segments_translated: [...translator.counts.values()].reduce((a, b) => a + b, 0),
        seconds: ((Date.now() - started) / 1000).toFixed(1),
      });
    },
  );

  void test(
    'durable mode: the replays start one orchestration, which plans each page once',
    { timeout: 300_000 },
    async () => {
      const translator = new CountingTranslator(new PseudoTranslator());
      const env = await testEnvironment(
        { TRANSLATION_CACHE: 'false', DURABLE_MAX_PARALLEL: '250' },
        { translator },
      );
      cleanups.push(() => env.cleanup());
      const source = await stormSource(env);
      const target = uniqueName('out');
      const started: { jobId: string; input: TranslateJobInput }[] = [];
      const orchestrations: JobOrchestrations = {
        start: async (jobId, input) => void started.push({ jobId, input }),
        signalCancel: async () => undefined,
      };
      const request = parseJobRequest(
        { source_container: source, target_container: target, target_language: 'es', mode: 'durable' },
        { allowHttpLoopbackCallbacks: false },
      );
      const key = uniqueName('storm');
      // As the HTTP handler calls it, once per request: twenty at once, then five stragglers.
      const replies = await Promise.all(
        Array.from({ length: REPLAYS }, () => createJob(env.services, request, key, orchestrations)),
      );
      for (let i = 0; i < 5; i++) await createJob(env.services, request, key, orchestrations);
      const jobIds = new Set(replies.map((r) => r.body.job_id));
      assert.equal(jobIds.size, 1, 'one job');
      assert.equal(started.length, 1, 'one orchestration start');
      assert.deepEqual(await drainQueue(env.services.planQueue), [], 'a durable job sends no plan message');
      const [jobId] = jobIds;
      assert.ok(jobId && started[0]);

      const run = await runOrchestration(
        jobId,
        started[0].input,
        activityHandlers(() => env.services),
      );
      const planCalls = run.calls.filter((c) => c.name === DURABLE.planPage);
      assert.equal(
        planCalls.length,
        Math.ceil(FILES / env.config.plannerPageSize) + 0,
        'each page planned once',
      );
      assert.ok(planCalls.every((c) => c.attempts === 1));
      await assertExact(env, jobId, target);
      assertTranslatedOnce(translator);
      printFigures('idempotent storm (durable)', {
        files: FILES,
        replays: REPLAYS + 5,
        orchestration_starts: started.length,
        plan_page_calls: planCalls.length,
        provider_calls: translator.calls,
      });
    },
  );
});
