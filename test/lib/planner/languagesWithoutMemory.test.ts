import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { createServices } from '../../../src/lib/services.js';
import { PseudoTranslator } from '../../../src/lib/translation/pseudoTranslator.js';
import type { TranslateItemMessage } from '../../../src/lib/messages.js';
import { planJob } from '../../../src/lib/planner/planJob.js';
import { drainQueue, jobStatus, submitJob, writeBlobText } from '../../helpers/jobs.js';
import { drainItemMessages, numberedFiles, processAll } from '../../helpers/planner.js';
import { countingStorageClients } from '../../helpers/storageCalls.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';

/**
 * A container's first run reads no segment map per file: the planner lists the memory once per language as
 * the job's first page is planned, and items of a language it holds nothing of skip their read, on every
 * page. A re-run reads its maps again.
 */
void describe('languagesWithoutMemory: the planner tells items the memory holds nothing of them', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function environment(): Promise<TestEnvironment> {
    const env = await testEnvironment({ PLANNER_PAGE_SIZE: '4' });
    cleanups.push(() => env.cleanup());
    return env;
  }

  void test('first run: no map read; re-run after a change: every map read, unchanged text reused', async () => {
    const env = await environment();
    const counted = countingStorageClients(env.config.storage);
    const services = createServices(env.config, {
      storage: counted.storage,
      translator: new PseudoTranslator(),
    });
    const memory = env.config.memory.container;
    const source = await env.sourceContainer(numberedFiles(6));
    const target = uniqueName('out');
    cleanups.push(async () => {
      await env.services.storage.blobs.getContainerClient(target).deleteIfExists();
    });
    const run = async () => {
      const job = await submitJob(env.services, {
        source_container: source,
        target_container: target,
        target_languages: ['es', 'de'],
      });
      counted.log.reset();
      // Each page's items are translated (and write their maps) before the next page is planned.
      const messages: TranslateItemMessage[] = [];
      for (
        let plan = await drainQueue(services.planQueue);
        plan.length > 0;
        plan = await drainQueue(services.planQueue)
      ) {
        for (const body of plan) await planJob(services, body);
        const page = await drainItemMessages(services);
        await processAll(services, page);
        messages.push(...page);
      }
      const onMemory = counted.log.calls.filter((c) => c.service === 'blob' && c.resource === memory);
      const count = (operation: string) => onMemory.filter((c) => c.operation === operation).length;
      return {
        status: await jobStatus(env.services, job.job_id),
        hinted: messages.filter((m) => m.memory_empty).length,
        listings: count('list blobs'),
        reads: count('download'),
        writes: count('upload'),
      };
    };

    const first = await run();
    assert.equal(first.status.status, 'completed');
    assert.equal(first.status.succeeded_files, 12);
    // Pages of four and two files, two languages: one listing per language as the first page is planned;
    // the second page, planned after the first page's items wrote their maps, still reads none.
    assert.deepEqual(
      { hinted: first.hinted, listings: first.listings, reads: first.reads, writes: first.writes },
      { hinted: 12, listings: 2, reads: 0, writes: 12 },
    );

    await writeBlobText(env.services, source, 'file-00.txt', 'File 0\n\nA new ending.');
    const second = await run();
    assert.equal(second.status.status, 'completed');
    assert.deepEqual(
      { hinted: second.hinted, listings: second.listings, reads: second.reads },
      { hinted: 0, listings: 2, reads: 12 },
    );
    // The memory answered the unchanged paragraph of the changed file in both languages.
    assert.equal(second.status.characters_charged, 2 * 'A new ending.'.length);
  });
});
