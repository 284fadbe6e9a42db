import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { environmentPerTest, uniqueName } from '../../helpers/testServices.js';
import { submitJob } from '../../helpers/jobs.js';
import { jobRow } from '../../helpers/planner.js';

void describe('holdPlanning: one plan message at a time holds a job that waits for the queue', () => {
  const environment = environmentPerTest();

  void test('the turn passes only from its holder, and counting or moving past a page ends it', async () => {
    const env = await environment();
    const source = await env.sourceContainer({ 'a.txt': 'A' });
    const { job_id: jobId } = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'es',
    });
    const { tracker } = env.services;
    const waitingBy = async () => (await jobRow(env.services, jobId)).waiting_by ?? '';

    assert.equal(await tracker.holdPlanning(jobId, { page: 0, from: 'first', to: 'second' }), 'first');
    assert.equal(await waitingBy(), 'second');
    assert.equal(
      await tracker.holdPlanning(jobId, { page: 0, from: 'first', to: 'stale' }),
      'refused',
      'a message that no longer holds the turn cannot pass it on',
    );
    assert.equal(await tracker.holdPlanning(jobId, { page: 0, to: 'tokenless' }), 'refused');
    assert.equal(await tracker.holdPlanning(jobId, { page: 1, from: 'second', to: 'x' }), 'refused');
    assert.equal(await tracker.holdPlanning(jobId, { page: 0, from: 'second', to: 'third' }), 'renewed');
    assert.equal(await waitingBy(), 'third');

    assert.ok(await tracker.countPage(jobId, { number: 0, items: 1, nextCursor: 'next', owner: 'third' }));
    assert.equal(await waitingBy(), '', 'counting a page ends the wait');
    assert.equal(
      await tracker.holdPlanning(jobId, { page: 0, from: 'third', to: 'fourth' }),
      'refused',
      'a pending page is never held: its owner must stay free to hand it on',
    );

    await tracker.advancePlanning(jobId, 0, 'next');
    assert.equal(await tracker.holdPlanning(jobId, { page: 1, from: 'fifth', to: 'sixth' }), 'first');
    await tracker.stopPlanning(jobId);
    assert.equal(await tracker.holdPlanning(jobId, { page: 1, from: 'sixth', to: 'seventh' }), 'refused');
  });
});
