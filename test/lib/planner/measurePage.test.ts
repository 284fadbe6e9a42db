import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RestError } from '@azure/storage-blob';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';
import { drainQueue, jobStatus, submitJob } from '../../helpers/jobs.js';
import { drainItemMessages, numberedFiles, planStepwise, processAll } from '../../helpers/planner.js';
import { listJobFiles } from '../../../src/lib/jobs/listJobFiles.js';
import { writeSegmentMap } from '../../../src/lib/memory/segmentMap.js';
import { createServices } from '../../../src/lib/services.js';
import { countingStorageClients } from '../../helpers/storageCalls.js';

void describe('measurePage', () => {
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

  void test('an item whose measurement fails transiently goes to a worker; every item is counted once', async () => {
    const env = await environment();
    const source = await env.sourceContainer(numberedFiles(4));
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_languages: ['es'],
      dry_run: true,
    });
    const { cache } = env.services;
    assert.ok(cache);
    let peeks = 0;
    // A storage outage for one file's cache lookup: that item must be neither lost nor failed.
    const flaky = Object.assign(Object.create(cache) as typeof cache, {
      peek: (...args: Parameters<typeof cache.peek>) =>
        peeks++ === 0
          ? Promise.reject(new RestError('Server busy', { statusCode: 503, code: 'ServerBusy' }))
          : cache.peek(...args),
    });
    await planStepwise({ ...env.services, cache: flaky }, job.job_id);
    const handedOn = await drainItemMessages(env.services);
    assert.equal(handedOn.length, 1, 'the refused item is handed to a worker');
    const planned = await jobStatus(env.services, job.job_id);
    assert.equal(planned.status, 'processing');
    assert.equal(planned.succeeded_files, 3);

    const [settlement] = await processAll(env.services, handedOn);
    assert.equal(settlement?.kind, 'recorded');
    const status = await jobStatus(env.services, job.job_id);
    assert.equal(status.status, 'estimated');
    assert.equal(status.total_files, 4);
    assert.equal(status.succeeded_files, 4);
    assert.equal(status.estimate?.by_language.es?.files, 4);
  });
  void test('a container the memory has never seen is estimated without a map read per file', async () => {
    const env = await environment({ PLANNER_PAGE_SIZE: '5' });
    const counted = countingStorageClients(env.config.storage);
    const services = createServices(env.config, { storage: counted.storage });
    const memory = env.config.memory.container;
    const source = await env.sourceContainer(numberedFiles(12));
    const estimate = async () => {
      const job = await submitJob(env.services, {
        source_container: source,
        target_container: uniqueName('out'),
        target_languages: ['es', 'de'],
        dry_run: true,
      });
      counted.log.reset();
      await planStepwise(services, job.job_id);
      const status = await jobStatus(env.services, job.job_id);
      assert.equal(status.status, 'estimated');
      assert.equal(status.succeeded_files, 24);
      const onMemory = counted.log.calls.filter((c) => c.service === 'blob' && c.resource === memory);
      const count = (operation: string) => onMemory.filter((c) => c.operation === operation).length;
      return { listings: count('list blobs'), reads: count('download') };
    };

    // Three pages of five, four and three files, two languages: one listing per page and language.
    assert.deepEqual(await estimate(), { listings: 6, reads: 0 });

    // Once the memory holds a map of this container in Spanish, Spanish items look for theirs again.
    await writeSegmentMap(env.services.storage.blobs.getContainerClient(memory), {
      version: 1,
      source_container: source,
      source_path: 'elsewhere.txt',
      target_language: 'es',
      fingerprint: 'other',
      job_id: '00000000-0000-4000-8000-000000000000',
      written_at: new Date(0).toISOString(),
      entries: [],
    });
    assert.deepEqual(await estimate(), { listings: 6, reads: 12 });
  });
});
