import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  BUDGET_ROW,
  JOB_ROW,
  SHARD_PREFIX,
  doneRow,
  itemKeyOf,
  itemRow,
  pastPrefix,
  shardRow,
} from '../../../src/lib/tracker/keys.js';
import { readJobSnapshot } from '../../../src/lib/tracker/readJobSnapshot.js';
import { runJobInProcess } from '../../helpers/jobs.js';
import {
  jobsTableOf,
  testEnvironment,
  uniqueName,
  type TestEnvironment,
} from '../../helpers/testServices.js';

void describe('readJobSnapshot: the job row and its shards are one key range', () => {
  void test('every other row of a job partition sorts before the job row; shards sort after it', () => {
    const key = itemKeyOf(3, 'docs/a.md', 'es');
    for (const other of [BUDGET_ROW, itemRow(key), doneRow(key), doneRow(key, 7)])
      assert.ok(other < JOB_ROW, `${other} sorts before ${JOB_ROW}`);
    for (const index of [0, 1, 63])
      assert.ok(shardRow(index) > JOB_ROW && shardRow(index) < pastPrefix(SHARD_PREFIX), shardRow(index));
  });

  let env: TestEnvironment;
  before(async () => {
    env = await testEnvironment({ TRACKER_SHARDS: '4' });
  });
  after(() => env.cleanup());

  void test('a finished job with item rows, done markers and a budget row: the job and exactly its shards', async () => {
    const source = await env.sourceContainer({ 'a.txt': 'One.', 'b.txt': 'Two.', 'c.txt': 'Three.' });
    const target = uniqueName('out');
    try {
      const done = await runJobInProcess(env.services, {
        source_container: source,
        target_container: target,
        target_languages: ['es', 'fr'],
        max_characters: 1000,
      });
      assert.equal(done.status, 'completed');
      const snapshot = await readJobSnapshot(jobsTableOf(env.services), done.job_id);
      assert.equal(snapshot?.job.status, 'completed');
      assert.deepEqual(
        snapshot?.shards.map((s) => s.rowKey).sort(),
        [0, 1, 2, 3].map((i) => shardRow(i)),
      );
    } finally {
      await env.services.storage.blobs.getContainerClient(target).deleteIfExists();
    }
  });
});
