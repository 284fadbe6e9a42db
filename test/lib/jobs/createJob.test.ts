import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { QueueClient } from '@azure/storage-queue';
import type { JobOrchestrations } from '../../../src/lib/durable/jobOrchestrations.js';
import { createJob } from '../../../src/lib/jobs/createJob.js';
import { parseJobRequest } from '../../../src/lib/jobs/jobRequest.js';
import { drainQueue } from '../../helpers/jobs.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';

const REPLAYS = 20;

/** Stands in for the durable client: counts the starts it is asked for. */
function countingOrchestrations(): JobOrchestrations & { starts: string[] } {
  const starts: string[] = [];
  return {
    starts,
    start: async (jobId) => void starts.push(jobId),
    signalCancel: async () => undefined,
  };
}

void describe('createJob: an Idempotency-Key replay never hands the job on twice', () => {
  let env: TestEnvironment;
  before(async () => {
    env = await testEnvironment();
  });
  after(() => env.cleanup());

  async function requestBody(mode: 'queue' | 'durable' = 'queue') {
    const source = await env.sourceContainer({ 'a.txt': 'Hello.\n' });
    return parseJobRequest(
      { source_container: source, target_container: uniqueName('out'), target_language: 'es', mode },
      { allowHttpLoopbackCallbacks: false },
    );
  }

  void test(`${REPLAYS} parallel submissions with one key: one job, one plan message`, async () => {
    const request = await requestBody();
    const key = uniqueName('key');
    const results = await Promise.all(
      Array.from({ length: REPLAYS }, () => createJob(env.services, request, key)),
    );
    assert.equal(new Set(results.map((r) => r.body.job_id)).size, 1);
    assert.equal(results.filter((r) => r.created).length, 1);
    const plans = await drainQueue(env.services.planQueue);
    assert.equal(plans.length, 1, 'only the submission that created the job sent a plan message');
    // Later replays, once the job was handed on, send nothing either.
    await Promise.all(Array.from({ length: 5 }, () => createJob(env.services, request, key)));
    assert.deepEqual(await drainQueue(env.services.planQueue), []);
  });

  void test(`durable: ${REPLAYS} parallel submissions start one orchestration`, async () => {
    const request = await requestBody('durable');
    const key = uniqueName('key');
    const orchestrations = countingOrchestrations();
    const results = await Promise.all(
      Array.from({ length: REPLAYS }, () => createJob(env.services, request, key, orchestrations)),
    );
    assert.equal(new Set(results.map((r) => r.body.job_id)).size, 1);
    assert.equal(orchestrations.starts.length, 1);
    await createJob(env.services, request, key, orchestrations);
    assert.equal(orchestrations.starts.length, 1);
  });

  void test('a first attempt that failed to hand the job on is finished by the next replay, once', async () => {
    const request = await requestBody();
    const key = uniqueName('key');
    const broken = {
      ...env.services,
      planQueue: {
        sendMessage: () => Promise.reject(new Error('queue unreachable')),
      } as unknown as QueueClient,
    };
    await assert.rejects(createJob(broken, request, key), /queue unreachable/);
    const replays = await Promise.all(Array.from({ length: 5 }, () => createJob(env.services, request, key)));
    assert.equal(new Set(replays.map((r) => r.body.job_id)).size, 1);
    assert.equal((await drainQueue(env.services.planQueue)).length, 1);
  });

  void test('a first attempt that died mid-hand-off is taken over once its claim is stale', async () => {
    const request = await requestBody();
    const key = uniqueName('key');
    let release: () => void = () => undefined;
    const stuck = {
      ...env.services,
      planQueue: {
        // The process "dies" here: the send never completes and nothing after it runs.
        sendMessage: () => new Promise<never>((_, reject) => (release = () => reject(new Error('died')))),
      } as unknown as QueueClient,
    };
    const dying = createJob(stuck, request, key).catch(() => undefined);
    const fresh = await waitForJob(request, key);
    assert.equal(fresh.created, false);
    assert.deepEqual(await drainQueue(env.services.planQueue), [], 'a fresh claim is respected');

    const later = { ...env.services, now: () => new Date(Date.now() + 10 * 60_000) };
    await Promise.all(Array.from({ length: 5 }, () => createJob(later, request, key)));
    assert.equal((await drainQueue(env.services.planQueue)).length, 1);
    release();
    await dying;
  });

  /** Replays until the first attempt's job row exists. */
  async function waitForJob(request: Awaited<ReturnType<typeof requestBody>>, key: string) {
    for (let i = 0; i < 100; i++) {
      try {
        return await createJob(env.services, request, key);
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    throw new Error('the first attempt never wrote its job');
  }
});
