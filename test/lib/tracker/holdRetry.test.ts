import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { environmentPerTest } from '../../helpers/testServices.js';
import { jobRow } from '../../helpers/planner.js';
import { failedJob } from '../../helpers/retriedJob.js';

void describe('holdRetry: one retry message at a time holds a round that waits for the queue', () => {
  const environment = environmentPerTest();

  void test('the turn passes only from its holder, within its round and page; moving on ends it', async () => {
    const env = await environment();
    const { jobId } = await failedJob(env, ['a.json']);
    const { tracker } = env.services;
    assert.equal((await tracker.reopenForRetry(jobId, false)).kind, 'reopened');
    const waitingBy = async () => (await jobRow(env.services, jobId)).retry_waiting_by ?? '';

    assert.equal(await tracker.holdRetry(jobId, { round: 1, cursor: '', to: 'second' }), 'first');
    assert.equal(await waitingBy(), 'second');
    assert.equal(
      await tracker.holdRetry(jobId, { round: 1, cursor: '', from: 'stale', to: 'x' }),
      'refused',
      'a message that does not hold the turn cannot pass it on',
    );
    assert.equal(
      await tracker.holdRetry(jobId, { round: 2, cursor: '', from: 'second', to: 'x' }),
      'refused',
    );
    assert.equal(
      await tracker.holdRetry(jobId, { round: 1, cursor: 'elsewhere', from: 'second', to: 'x' }),
      'refused',
      'a message that read an older page of the round cannot hold it',
    );
    assert.equal(
      await tracker.holdRetry(jobId, { round: 1, cursor: '', from: 'second', to: 'third' }),
      'renewed',
    );
    assert.equal(await waitingBy(), 'third');

    await tracker.advanceRetry(jobId, 1, 'next');
    assert.equal(await waitingBy(), '', 'moving past a page ends the wait');
    assert.equal(await tracker.holdRetry(jobId, { round: 1, cursor: 'next', to: 'fourth' }), 'first');
    await tracker.advanceRetry(jobId, 1, undefined);
    assert.equal(await waitingBy(), '');
    assert.equal(
      await tracker.holdRetry(jobId, { round: 1, cursor: '', from: 'fourth', to: 'fifth' }),
      'refused',
      'a round that is over is never held',
    );
  });
});
