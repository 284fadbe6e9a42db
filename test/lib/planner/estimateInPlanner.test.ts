import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RestError } from '@azure/storage-blob';
import { estimateInPlanner } from '../../../src/lib/planner/estimateInPlanner.js';
import { itemRowsFor } from '../../../src/lib/planner/itemsForPage.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';
import { drainQueue, jobStatus, submitJob } from '../../helpers/jobs.js';
import { jobRow, numberedFiles, planStepwise } from '../../helpers/planner.js';
import { listJobFiles } from '../../../src/lib/jobs/listJobFiles.js';

void describe('estimateInPlanner', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function environment(overrides: Record<string, string> = {}): Promise<TestEnvironment> {
    const env = await testEnvironment(overrides);
    cleanups.push(() => env.cleanup());
    return env;
  }

  void test('a dry run is measured by the planner alone: no item message, every item counted once', async () => {
    const env = await environment({ PLANNER_PAGE_SIZE: '7', PLANNER_ESTIMATE_CONCURRENCY: '4' });
    const files = numberedFiles(30);
    const source = await env.sourceContainer(files);
    const target = uniqueName('out');
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: target,
      target_languages: ['es', 'de'],
      dry_run: true,
    });

    const steps = await planStepwise(env.services, job.job_id);
    assert.equal(steps.length, 5, 'one plan message per page of 7 blobs');
    assert.deepEqual(await drainQueue(env.services.translationQueue), [], 'no item went through the queue');

    const status = await jobStatus(env.services, job.job_id);
    assert.equal(status.status, 'estimated');
    assert.equal(status.total_files, 60);
    assert.equal(status.succeeded_files, 60);
    assert.equal(status.failed_files, 0);
    const characters = Object.values(files).reduce((sum, text) => sum + text.trim().length, 0);
    for (const language of ['es', 'de']) {
      const estimate = status.estimate?.by_language[language];
      assert.equal(estimate?.files, 30, language);
      assert.ok(
        (estimate?.characters ?? 0) > 0 && (estimate?.characters ?? 0) <= characters,
        `${language}: ${estimate?.characters} characters of at most ${characters}`,
      );
    }
    const listed = await listJobFiles(env.services, job.job_id, { limit: '100' });
    assert.ok(listed);
    assert.equal(listed.files.length, 60);
    assert.ok(listed.files.every((f) => f.status === 'succeeded' && f.estimate !== null));
    assert.equal(await env.services.storage.blobs.getContainerClient(target).exists(), false);
  });

  void test('an item whose measurement fails transiently is handed on to a worker, not lost or failed', async () => {
    const env = await environment();
    const files = numberedFiles(3);
    const source = await env.sourceContainer(files);
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_languages: ['es'],
      dry_run: true,
    });
    const rows = itemRowsFor(
      job.job_id,
      0,
      Object.entries(files).map(([name, text]) => ({ name, size: Buffer.byteLength(text) })),
      ['es'],
    );
    await env.services.tracker.writePageItems(job.job_id, 0, rows);
    const { tracker } = env.services;
    let calls = 0;
    // A storage outage for the first item only: the tracker refuses its first read.
    const flaky = new Proxy(tracker, {
      get(target, property) {
        if (property === 'cachedJob')
          return (jobId: string) =>
            calls++ === 0
              ? Promise.reject(new RestError('Server busy', { statusCode: 503, code: 'ServerBusy' }))
              : target.cachedJob(jobId);
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const jobRecord = await jobRow(env.services, job.job_id);
    const left = await estimateInPlanner({ ...env.services, tracker: flaky }, jobRecord, rows);
    assert.equal(left.length, 1, 'the refused item is handed on');
    const recorded = await env.services.tracker.itemsOfPage(job.job_id, 0);
    assert.deepEqual(recorded.map((r) => r.status ?? 'unsettled').sort(), [
      'succeeded',
      'succeeded',
      'unsettled',
    ]);
    assert.deepEqual(await estimateInPlanner(env.services, jobRecord, left), []);
    const after = await env.services.tracker.itemsOfPage(job.job_id, 0);
    assert.ok(after.every((r) => r.status === 'succeeded'));
  });
});
