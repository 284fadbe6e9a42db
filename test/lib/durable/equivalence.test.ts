/**
 * The two processing modes over the same inputs, against real storage: queue mode through its planner and
 * worker functions (with the host's retry-then-poison rule), durable mode through the real orchestrator engine
 * and the registered activity handlers, run in-process. The job tracker and the outputs must not tell them apart.
 */
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { activityHandlers } from '../../../src/functions/durable/handlers.js';
import type { TranslateJobOutput } from '../../../src/lib/durable/contracts.js';
import { durableInputFor } from '../../../src/lib/durable/jobOrchestrations.js';
import { cancelJob } from '../../../src/lib/jobs/cancelJob.js';
import { createJob } from '../../../src/lib/jobs/createJob.js';
import { getJob } from '../../../src/lib/jobs/getJob.js';
import { parseJobRequest } from '../../../src/lib/jobs/jobRequest.js';
import type { JobStatusBody } from '../../../src/lib/jobs/jobStatusBody.js';
import { listJobFiles } from '../../../src/lib/jobs/listJobFiles.js';
import { createServices } from '../../../src/lib/services.js';
import { runOrchestration, CANCEL_EVENT } from '../../helpers/durableDriver.js';
import { drainQueue, readContainerTexts } from '../../helpers/jobs.js';
import {
  MAX_ATTEMPTS,
  TroubledTranslator,
  recordingOrchestrations,
  runQueueMode,
  trackerView,
} from '../../helpers/modeEquivalence.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';

const FILES: Record<string, string | Buffer> = {
  'big.txt': 'x'.repeat(5000),
  'broken.txt': 'This paragraph ALWAYS-FAILS.',
  'empty.txt': '',
  'faq.txt': 'Question?\n\nAnswer.',
  'flaky.txt': 'A FLAKY paragraph.\n\nAnd a calm one.',
  'guides/deep/nested/notes.txt': 'Nested notes',
  'guides/intro.txt': 'Hello\n\nWorld',
  'guides/setup.md': '# Setup\n\nRun it.',
  'latin1.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9]),
  'logo.png': 'not really a png',
};

void describe('durable mode and queue mode are equivalent', () => {
  let env: TestEnvironment;
  const cleanups: (() => Promise<void>)[] = [];
  before(async () => {
    env = await testEnvironment({
      // Both modes translate the same files: the second would be served from the cache, hiding the comparison.
      TRANSLATION_CACHE: 'false',
      // Both modes translate the same files: neither may reuse what the other translated.
      SEGMENT_MEMORY: 'false',
      PLANNER_PAGE_SIZE: '3',
      MAX_FILE_BYTES: '4096',
      DURABLE_MAX_PARALLEL: '4',
      DURABLE_RETRY_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      DURABLE_RETRY_FIRST_INTERVAL_MS: '1000',
    });
  });
  // What a test makes for itself is gone when it ends; the shared environment goes with the suite.
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  after(async () => env.cleanup());

  void test('the same files give identical tracker rows, counts, file lists and outputs in both modes', async () => {
    const source = await env.sourceContainer(FILES);
    const request = (mode: 'queue' | 'durable', target: string) =>
      parseJobRequest(
        { source_container: source, target_container: target, target_languages: ['es', 'fr'], mode },
        { allowHttpLoopbackCallbacks: false },
      );
    // Each mode gets its own process-like services: its own translator, recorder lanes and caches.
    const queueServices = createServices(env.config, { translator: new TroubledTranslator() });
    const durableServices = createServices(env.config, { translator: new TroubledTranslator() });

    const queueTarget = uniqueName('outq');
    const queueJob = (await createJob(queueServices, request('queue', queueTarget))).body;
    assert.equal(queueJob.mode, 'queue');
    await runQueueMode(queueServices);

    const durableTarget = uniqueName('outd');
    const orchestrations = recordingOrchestrations();
    const durableJob = (
      await createJob(durableServices, request('durable', durableTarget), undefined, orchestrations)
    ).body;
    assert.equal(durableJob.mode, 'durable');
    assert.deepEqual(orchestrations.started, [
      { jobId: durableJob.job_id, input: durableInputFor(durableJob.job_id, env.config) },
    ]);
    assert.deepEqual(await drainQueue(env.services.planQueue), [], 'a durable job sends no plan message');
    const run = await runOrchestration(
      durableJob.job_id,
      orchestrations.started[0]?.input,
      activityHandlers(() => durableServices),
    );

    const queueView = await trackerView(env.services, queueJob.job_id);
    const durableView = await trackerView(env.services, durableJob.job_id);
    assert.deepEqual(durableView, queueView);

    // Not vacuous: the inputs exercise success, every permanent failure, a retried success and exhaustion.
    assert.equal(queueView.job.status, 'completed_with_errors');
    assert.deepEqual(
      [queueView.job.total_files, queueView.job.succeeded_files, queueView.job.failed_files],
      [20, 12, 8],
    );
    const codes = queueView.rows
      .filter((r) => r.target_language === 'es')
      .map((r) => [r.source_path, r.error_code]);
    assert.deepEqual(Object.fromEntries(codes), {
      'big.txt': 'file_too_large',
      'broken.txt': 'retries_exhausted',
      'empty.txt': null,
      'faq.txt': null,
      'flaky.txt': null,
      'guides/deep/nested/notes.txt': null,
      'guides/intro.txt': null,
      'guides/setup.md': null,
      'latin1.txt': 'invalid_encoding',
      'logo.png': 'unsupported_format',
    });
    const exhausted = queueView.rows.find((r) => r.error_code === 'retries_exhausted');
    assert.match(exhausted?.error_message ?? '', /^Gave up after 3 attempts: provider returned 500/);

    const queueOutputs = await readContainerTexts(env.services, queueTarget);
    assert.equal(Object.keys(queueOutputs).length, 12);
    assert.deepEqual(await readContainerTexts(env.services, durableTarget), queueOutputs);

    // Four listing pages of three blobs: one episode each, chained by continueAsNew.
    assert.equal(run.episodes, 4);
    const output = run.output as TranslateJobOutput;
    assert.equal(output.job.status, 'completed_with_errors');
    assert.equal(output.last_page, 3);
    assert.deepEqual(output.counts, {
      planned: 20,
      succeeded: 12,
      failed: 8,
      cancelled: 0,
      skipped: 0,
      characters: durableView.job.characters_charged,
    });
    const itemCalls = run.calls.filter((c) => c.name === 'durableTranslateItem');
    assert.equal(itemCalls.length, 20, 'one item activity per (file, language)');
    assert.deepEqual(
      itemCalls
        .filter((c) => c.attempts > 1)
        .map((c) => [(c.input as { target_path: string }).target_path, c.attempts, c.outcome])
        .sort(),
      [
        ['es/broken.txt', 3, 'failed'],
        ['es/flaky.txt', 2, 'completed'],
        ['fr/broken.txt', 3, 'failed'],
        ['fr/flaky.txt', 2, 'completed'],
      ],
    );
  });

  void test('cancel in durable mode: the orchestration stops scheduling and the rest of the page counts cancelled', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 10; i++) files[`part-${i}.txt`] = `Paragraph ${i}`;
    // One listing page for the ten files, so the cancel lands inside a page.
    const pageEnv = await testEnvironment({ PLANNER_PAGE_SIZE: '100', DURABLE_MAX_PARALLEL: '4' });
    cleanups.push(() => pageEnv.cleanup());
    const source = await pageEnv.sourceContainer(files);
    const services = pageEnv.services;
    const target = uniqueName('outc');
    const orchestrations = recordingOrchestrations();
    const body = {
      source_container: source,
      target_container: target,
      target_language: 'es',
      mode: 'durable',
    };
    const job = (
      await createJob(
        services,
        parseJobRequest(body, { allowHttpLoopbackCallbacks: false }),
        undefined,
        orchestrations,
      )
    ).body;
    let cancelled: JobStatusBody | undefined;
    const run = await runOrchestration(
      job.job_id,
      orchestrations.started[0]?.input,
      activityHandlers(() => services),
      {
        // After the first wave of item activities ran, DELETE /api/jobs/{id} arrives.
        afterActivities: async ({ episode, execution }) => {
          if (episode !== 1 || execution !== 2) return undefined;
          cancelled = await cancelJob(services, job.job_id, orchestrations);
          return orchestrations.cancels.includes(job.job_id) ? CANCEL_EVENT : undefined;
        },
      },
    );
    assert.equal(cancelled?.cancel_requested, true);
    assert.deepEqual(orchestrations.cancels, [job.job_id], 'the durable job was signalled');

    const final = await getJob(services, job.job_id);
    assert.equal(final.status, 'cancelled');
    assert.deepEqual(
      [
        final.total_files,
        final.processed_files,
        final.succeeded_files,
        final.cancelled_files,
        final.failed_files,
      ],
      [10, 10, 4, 6, 0],
      'the first wave (DURABLE_MAX_PARALLEL=4) finished; the other six were never scheduled',
    );
    assert.equal(run.calls.filter((c) => c.name === 'durableTranslateItem').length, 4);
    assert.equal((run.output as TranslateJobOutput).cancelled_by_event, true);
    assert.deepEqual((run.output as TranslateJobOutput).counts.cancelled, 6);
    assert.equal(
      Object.keys(await readContainerTexts(services, target)).length,
      4,
      'outputs exist for succeeded items only',
    );
    const skipped = await listJobFiles(services, job.job_id, { status: 'cancelled' });
    assert.equal(skipped.files.length, 6);
    assert.ok(skipped.files.every((f) => f.error?.code === 'job_cancelled'));
    const again = await cancelJob(services, job.job_id, orchestrations);
    assert.equal(again.status, 'cancelled', 'cancelling a cancelled job is a no-op');
    assert.deepEqual(orchestrations.cancels, [job.job_id], 'a finished orchestration is not signalled again');
  });
});
