import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { environmentPerTest } from '../../helpers/testServices.js';
import { jobRow } from '../../helpers/planner.js';
import { failedJob } from '../../helpers/retriedJob.js';

void describe('claimRetryPage: one retry message owns a page until it moves the round on', () => {
  const environment = environmentPerTest();

  void test('claimed once, resumed by its owner, refused to others, to older pages and rounds', async () => {
    const env = await environment();
    const { jobId } = await failedJob(env, ['a.json']);
    const { tracker } = env.services;
    assert.equal((await tracker.reopenForRetry(jobId, false)).kind, 'reopened');
    const pendingBy = async () => (await jobRow(env.services, jobId)).retry_pending_by ?? '';

    assert.equal(await tracker.claimRetryPage(jobId, { round: 1, cursor: '', token: 'owner' }), 'claimed');
    assert.equal(await pendingBy(), 'owner');
    assert.equal(await tracker.claimRetryPage(jobId, { round: 1, cursor: '', token: 'owner' }), 'resumed');
    assert.equal(await tracker.claimRetryPage(jobId, { round: 1, cursor: '', token: 'other' }), 'refused');
    assert.equal(
      await tracker.holdRetry(jobId, { round: 1, cursor: '', to: 'waiter' }),
      'refused',
      'a claimed page is not held back: its owner must stay free to queue it',
    );
    assert.equal(await tracker.advanceRetry(jobId, 1, 'next', 'other'), false, 'only the owner moves on');
    assert.equal(await pendingBy(), 'owner');

    assert.equal(await tracker.advanceRetry(jobId, 1, 'next', 'owner'), true);
    assert.equal(await pendingBy(), '', 'past its page, the owner holds nothing');
    assert.equal(
      await tracker.claimRetryPage(jobId, { round: 1, cursor: '', token: 'late' }),
      'refused',
      'a message that read an older page cannot claim',
    );
    assert.equal(await tracker.claimRetryPage(jobId, { round: 2, cursor: 'next', token: 'x' }), 'refused');
    assert.equal(
      await tracker.claimRetryPage(jobId, { round: 1, cursor: 'next', token: 'owner' }),
      'claimed',
    );
    assert.equal(await tracker.advanceRetry(jobId, 1, undefined, 'owner'), true);
    assert.equal(
      await tracker.claimRetryPage(jobId, { round: 1, cursor: '', token: 'owner' }),
      'refused',
      'a round that is over is never claimed',
    );
  });
});
