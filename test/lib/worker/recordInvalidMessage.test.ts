import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { listJobFiles } from '../../../src/lib/jobs/listJobFiles.js';
import { failPoisonedItem } from '../../../src/lib/worker/failPoisonedItem.js';
import { settleItem } from '../../../src/lib/worker/settleItem.js';
import { jobStatus, planFully, submitJob } from '../../helpers/jobs.js';
import { drainItemMessages } from '../../helpers/planner.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';

void describe('a message that fails its schema but names a real item', () => {
  let env: TestEnvironment;
  before(async () => {
    env = await testEnvironment();
  });
  after(() => env.cleanup());

  async function twoItems() {
    const source = await env.sourceContainer({ 'a.txt': 'Hello.\n', 'b.txt': 'There.\n' });
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'es',
    });
    await planFully(env.services);
    const [first, second] = await drainItemMessages(env.services);
    assert.ok(first && second);
    return { jobId: job.job_id, first, second };
  }

  void test('is recorded failed invalid_message, and the job ends', async () => {
    const { jobId, first, second } = await twoItems();
    const broken = { ...second, target_path: '', size: -1, surprise: true };
    const settlement = await settleItem(env.services, broken, { number: 1 });
    assert.equal(settlement.kind, 'recorded');
    assert.ok(settlement.kind === 'recorded' && settlement.errorCode === 'invalid_message');
    await settleItem(env.services, first, { number: 1 });

    const status = await jobStatus(env.services, jobId);
    assert.equal(status.status, 'completed_with_errors');
    assert.deepEqual([status.succeeded_files, status.failed_files, status.processed_files], [1, 1, 2]);
    const [failed] = (await listJobFiles(env.services, jobId, { status: 'failed' })).files;
    assert.equal(failed?.source_path, second.source_path);
    assert.equal(failed?.error?.code, 'invalid_message');
    assert.match(failed?.error?.message ?? '', /size/);
  });

  void test('the poison handler records it too, once', async () => {
    const { jobId, first, second } = await twoItems();
    const broken = { ...second, kind: 'nonsense' };
    const poisoned = await failPoisonedItem(env.services, broken);
    assert.ok(poisoned.kind === 'recorded' && poisoned.result === 'recorded');
    const again = await settleItem(env.services, broken, { number: 1 });
    assert.ok(again.kind === 'recorded' && again.result === 'duplicate');
    await settleItem(env.services, first, { number: 1 });
    const status = await jobStatus(env.services, jobId);
    assert.deepEqual(
      [status.status, status.failed_files, status.processed_files],
      ['completed_with_errors', 1, 2],
    );
  });

  void test('a key the job never planned is not counted', async () => {
    const { jobId, first, second } = await twoItems();
    const forged = { ...second, item_key: `000000-${'f'.repeat(40)}`, size: 'big' };
    const settlement = await settleItem(env.services, forged, { number: 1 });
    assert.equal(settlement.kind, 'invalid_message');
    await settleItem(env.services, first, { number: 1 });
    await settleItem(env.services, second, { number: 1 });
    const status = await jobStatus(env.services, jobId);
    assert.deepEqual([status.status, status.total_files, status.processed_files], ['completed', 2, 2]);
  });
});
