import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TranslateItemMessage } from '../../../src/lib/messages.js';
import { createServices, type Services } from '../../../src/lib/services.js';
import { jobStatus } from '../../helpers/jobs.js';
import { plannedJob } from '../../helpers/planner.js';
import { countingStorageClients, type StorageCallLog } from '../../helpers/storageCalls.js';
import { testEnvironment, type TestEnvironment } from '../../helpers/testServices.js';

void describe('completion checks while other items of the job are in flight', () => {
  let env: TestEnvironment;
  let worker: Services;
  let log: StorageCallLog;
  before(async () => {
    env = await testEnvironment();
    const counted = countingStorageClients(env.config.storage);
    log = counted.log;
    // One worker process: its own tracker, so its in-flight items are its own.
    worker = createServices(env.config, { storage: counted.storage });
  });
  after(() => env.cleanup());

  /** Failed, so closing does not look for outputs this test never writes. */
  const recordFailed = (jobId: string, message: TranslateItemMessage) =>
    worker.tracker.record({
      jobId,
      shards: env.config.trackerShards,
      itemKey: message.item_key,
      status: 'failed',
      error: { code: 'test_failure', message: 'Recorded by the test.' },
      charactersCharged: 0,
      attempts: 1,
    });

  /** A completion check reads the job row and its shards in one query. */
  const snapshotReads = () =>
    log.count((c) => c.operation === 'query' && /RowKey ge 'job'/.test(c.filter ?? ''));

  void test('only the last item out checks, and that check closes the job', async () => {
    const { jobId, messages } = await plannedJob(env, 3);
    const items = messages.map((m) => ({ message: m, work: worker.tracker.startItem(jobId) }));
    log.reset();
    for (const [index, { message, work }] of items.entries()) {
      await recordFailed(jobId, message);
      await work.checkCompletion();
      const status = (await jobStatus(env.services, jobId)).status;
      assert.equal(status, index < items.length - 1 ? 'processing' : 'failed', `after item ${index + 1}`);
    }
    assert.equal(snapshotReads(), 1);
    const status = await jobStatus(env.services, jobId);
    assert.deepEqual([status.total_files, status.failed_files], [3, 3]);
  });

  void test('an item abandoned after another skipped its check is delivered again, and the job still closes', async () => {
    const { jobId, messages } = await plannedJob(env, 2);
    const [first, second] = messages;
    assert.ok(first && second);
    const firstWork = worker.tracker.startItem(jobId);
    const secondWork = worker.tracker.startItem(jobId);
    await recordFailed(jobId, first);
    await firstWork.checkCompletion(); // skipped: the second item is in flight
    secondWork.abandon(); // a transient failure: its message comes back
    secondWork.abandon(); // ending twice changes nothing
    assert.equal((await jobStatus(env.services, jobId)).status, 'processing');

    const redelivered = worker.tracker.startItem(jobId);
    await recordFailed(jobId, second);
    await redelivered.checkCompletion();
    const status = await jobStatus(env.services, jobId);
    assert.deepEqual([status.status, status.failed_files], ['failed', 2]);
  });

  void test('a lone item checks at once, and items of other jobs do not hold its check back', async () => {
    const other = await plannedJob(env, 1);
    const { jobId, messages } = await plannedJob(env, 1);
    const [message] = messages;
    assert.ok(message);
    const otherWork = worker.tracker.startItem(other.jobId);
    const work = worker.tracker.startItem(jobId);
    await recordFailed(jobId, message);
    await work.checkCompletion();
    assert.equal((await jobStatus(env.services, jobId)).status, 'failed');
    otherWork.abandon();
  });
});
