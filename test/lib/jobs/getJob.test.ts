import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pLimit from 'p-limit';
import { getJob } from '../../../src/lib/jobs/getJob.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';
import { drainQueue, planFully, submitJob } from '../../helpers/jobs.js';
import { countingStorageClients, type StorageCallLog } from '../../helpers/storageCalls.js';
import { createServices, type Services } from '../../../src/lib/services.js';
import type { TranslateItemMessage } from '../../../src/lib/messages.js';

/** What one status read cost: requests by service and operation, and the entities the table returned. */
interface ReadCost {
  requests: string[];
  entities: number;
}

void describe('GET /api/jobs/{id} cost', () => {
  let env: TestEnvironment;
  let counted: Services;
  let log: StorageCallLog;
  before(async () => {
    env = await testEnvironment({ PLANNER_PAGE_SIZE: '1000' });
    const clients = countingStorageClients(env.config.storage);
    log = clients.log;
    counted = createServices(env.config, { storage: clients.storage });
  });
  after(async () => env.cleanup());

  async function plannedJob(files: number): Promise<string> {
    const content: Record<string, string> = {};
    for (let i = 0; i < files; i++) content[`f/${i}.txt`] = `text ${i}`;
    const source = await env.sourceContainer(content);
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'es',
    });
    await planFully(env.services);
    return job.job_id;
  }

  /**
   * Every queued item recorded as a worker would (failed, so closing does not look for outputs nobody wrote),
   * then each job closed: the partitions now hold an item row and an outcome marker per item.
   */
  async function finishAll(jobIds: string[]): Promise<void> {
    const messages = (await drainQueue(env.services.translationQueue)) as TranslateItemMessage[];
    const limit = pLimit(32);
    await Promise.all(
      messages.map((m) =>
        limit(() =>
          env.services.tracker.record({
            jobId: m.job_id,
            shards: env.config.trackerShards,
            itemKey: m.item_key,
            status: 'failed',
            error: { code: 'test_failure', message: 'Recorded by the test.' },
            charactersCharged: 0,
            attempts: 1,
          }),
        ),
      ),
    );
    for (const jobId of jobIds) await env.services.tracker.checkCompletion(jobId);
  }

  async function readCost(jobId: string): Promise<ReadCost & { total: number; status: string }> {
    log.reset();
    const body = await getJob(counted, jobId);
    return {
      total: body.total_files,
      status: body.status,
      requests: log.calls.map((c) => `${c.service} ${c.operation}`),
      entities: log.entities(),
    };
  }

  void test('touches the same requests and rows for a 5-item job as for a 2,000-item one', async () => {
    const small = await plannedJob(5);
    const large = await plannedJob(2000);
    const planned = await readCost(large);
    const smallPlanned = await readCost(small);
    await finishAll([small, large]);
    const smallDone = await readCost(small);
    const largeDone = await readCost(large);

    assert.deepEqual([smallPlanned.total, planned.total], [5, 2000]);
    assert.deepEqual([smallDone.status, largeDone.status], ['failed', 'failed']);
    // One table query: the job row and its counter shards, never an item row or outcome marker.
    const expected = { requests: ['table query'], entities: 1 + env.config.trackerShards };
    for (const read of [smallPlanned, planned, smallDone, largeDone]) {
      assert.deepEqual({ requests: read.requests, entities: read.entities }, expected);
    }
    console.log(
      `status read: ${largeDone.requests.length} request(s), ${largeDone.entities} entities, for 5 and 2,000 items, planned and finished`,
    );
  });
});
