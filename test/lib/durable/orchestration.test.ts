/**
 * The job orchestration under the real durable-functions engine, replaying synthetic histories: activities
 * are not run here, their results are written into the history as the Durable extension would record them.
 * This file: the first episode, waves, and failures. orchestrationLifecycle.test.ts: continueAsNew, cancel,
 * determinism.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ZERO_COUNTS } from '../../../src/lib/durable/contracts.js';
import { DURABLE } from '../../../src/lib/durable/names.js';
import type { TranslateItemMessage } from '../../../src/lib/messages.js';
import { ACTION, activityCalls } from '../../helpers/durableReplay.js';
import { Run, inputFor, messages, names, succeeded, summary } from '../../helpers/durableScenario.js';

void describe('translateJob orchestration: first episode and waves', () => {
  void test('the first execution lists one page (with the retry policy) and listens for cancel', async () => {
    const jobId = randomUUID();
    const run = new Run(jobId, inputFor(jobId));
    const actions = await run.step();
    assert.deepEqual(names(actions), [DURABLE.planPage, DURABLE.cancelEvent]);
    const [plan, cancel] = actions;
    assert.equal(plan?.actionType, ACTION.callActivityWithRetry);
    assert.deepEqual(plan?.input, { job_id: jobId, page: 0 });
    assert.deepEqual(
      { ...plan?.retryOptions },
      { firstRetryIntervalInMilliseconds: 2000, maxNumberOfAttempts: 3 },
    );
    assert.equal(cancel?.actionType, ACTION.waitForExternalEvent);
    assert.equal(run.state.isDone, false);
    assert.equal(run.progress.phase, 'planning');
    assert.equal(
      run.progress.updated_at,
      '2026-01-01T00:00:00.000Z',
      'the clock is the history, not the wall',
    );
  });

  void test('a page is fanned out in waves of at most max_parallel; each completed wave starts the next', async () => {
    const jobId = randomUUID();
    const items = messages(jobId, 7);
    const run = new Run(jobId, inputFor(jobId, { max_parallel: 3 }));
    await run.step();
    run.history.scheduled([{ id: 0, name: DURABLE.planPage }]);
    run.history.resume().completed(0, { kind: 'page', page: 0, items });

    const wave1 = await run.step();
    assert.deepEqual(names(wave1), Array(3).fill(DURABLE.translateItem));
    assert.deepEqual(
      wave1.map((a) => a.input),
      items.slice(0, 3),
      'the first wave carries the first three messages unchanged',
    );
    assert.deepEqual(
      [run.progress.phase, run.progress.page_items, run.progress.page_scheduled, run.progress.counts.planned],
      ['translating', 7, 3, 7],
    );

    run.history.scheduled([1, 2, 3].map((id) => ({ id, name: DURABLE.translateItem })));
    run.history.resume().completed(1, succeeded()).completed(3, succeeded());
    assert.deepEqual(await run.step(), [], 'nothing new while the wave is still running');

    run.history.resume().completed(2, succeeded(4));
    const wave2 = await run.step();
    assert.deepEqual(
      wave2.map((a) => a.input),
      items.slice(3, 6),
    );
    assert.deepEqual(run.progress.counts, { ...ZERO_COUNTS, planned: 7, succeeded: 3, characters: 24 });

    run.history.scheduled([4, 5, 6].map((id) => ({ id, name: DURABLE.translateItem })));
    run.history.resume().completed(4, succeeded()).completed(5, succeeded()).completed(6, succeeded());
    const wave3 = await run.step();
    assert.deepEqual(
      wave3.map((a) => a.input),
      items.slice(6),
    );

    run.history
      .scheduled([{ id: 7, name: DURABLE.translateItem }])
      .resume()
      .completed(7, succeeded());
    const finishing = await run.step();
    assert.deepEqual(names(finishing), [DURABLE.finishJob], 'the last page ends with the job summary');
    assert.deepEqual(finishing[0]?.input, { job_id: jobId });

    const tracker = summary(jobId, 'completed', { total_files: 7 });
    run.history
      .scheduled([{ id: 8, name: DURABLE.finishJob }])
      .resume()
      .completed(8, tracker);
    await run.step();
    assert.equal(run.state.isDone, true);
    assert.deepEqual(run.state.output, {
      job: tracker,
      counts: { ...ZERO_COUNTS, planned: 7, succeeded: 7, characters: 64 },
      last_page: 0,
      cancelled_by_event: false,
    });
    assert.equal(run.progress.phase, 'done');
    assert.equal(
      activityCalls(run.allActions).filter((a) => a.functionName === DURABLE.translateItem).length,
      7,
    );
  });

  void test('an empty page goes straight to the summary', async () => {
    const jobId = randomUUID();
    const run = new Run(jobId, inputFor(jobId));
    await run.step();
    run.history
      .scheduled([{ id: 0, name: DURABLE.planPage }])
      .resume()
      .completed(0, { kind: 'page', page: 0, items: [] });
    assert.deepEqual(names(await run.step()), [DURABLE.finishJob]);
  });
});

void describe('translateJob orchestration: failures', () => {
  /** Page of two items, both scheduled in one wave: ids 1 and 2. */
  async function twoItemWave(jobId: string): Promise<{ run: Run; items: TranslateItemMessage[] }> {
    const items = messages(jobId, 2);
    const run = new Run(jobId, inputFor(jobId));
    await run.step();
    run.history
      .scheduled([{ id: 0, name: DURABLE.planPage }])
      .resume()
      .completed(0, { kind: 'page', page: 0, items });
    await run.step();
    run.history.scheduled([1, 2].map((id) => ({ id, name: DURABLE.translateItem })));
    return { run, items };
  }

  void test('an item failing after all its retries is recorded retries_exhausted; the job still ends', async () => {
    const jobId = randomUUID();
    const { run, items } = await twoItemWave(jobId);
    // Attempts of item 1 get ids 1, 4, 6 and retry timers 3, 5, 7: the orchestrator numbers them as it meets them.
    run.history.resume().failed(1, 'provider returned 500').retryTimer(3, 2000).completed(2, succeeded());
    assert.deepEqual(await run.step(), [], 'a retry is pending: nothing new is scheduled');
    run.history.resume().failed(4, 'provider returned 500').retryTimer(5, 4000);
    assert.deepEqual(await run.step(), []);
    run.history.resume().failed(6, 'provider returned 500').retryTimer(7, 8000);
    const recording = await run.step();
    assert.deepEqual(names(recording), [DURABLE.failItem]);
    assert.deepEqual(recording[0]?.input, { message: items[0], attempts: 3 });
    assert.equal(run.progress.phase, 'recording_failures');

    run.history.scheduled([{ id: 8, name: DURABLE.failItem }]);
    run.history
      .resume()
      .completed(8, { status: 'failed', error_code: 'retries_exhausted', characters: 0, duplicate: false });
    assert.deepEqual(names(await run.step()), [DURABLE.finishJob]);
    const tracker = summary(jobId, 'completed_with_errors', { failed_files: 1, succeeded_files: 1 });
    run.history
      .scheduled([{ id: 9, name: DURABLE.finishJob }])
      .resume()
      .completed(9, tracker);
    await run.step();
    assert.equal(run.state.isDone, true);
    const output = run.state.output as { job: unknown; counts: unknown };
    assert.deepEqual(output.job, tracker);
    assert.deepEqual(output.counts, { ...ZERO_COUNTS, planned: 2, succeeded: 1, failed: 1, characters: 10 });
    assert.equal(
      activityCalls(run.allActions).filter((a) => a.functionName === DURABLE.translateItem).length,
      2,
      'waiting for the rest of a failed wave schedules nothing again',
    );
  });

  void test('an item exhausted while others still run: they are awaited, not scheduled again', async () => {
    const jobId = randomUUID();
    const { run, items } = await twoItemWave(jobId);
    run.history.resume().failed(1, 'provider returned 500').retryTimer(3, 2000);
    run.history.failed(4, 'provider returned 500').retryTimer(5, 4000);
    run.history.failed(6, 'provider returned 500').retryTimer(7, 8000);
    assert.deepEqual(await run.step(), [], 'item 2 is still running: nothing to schedule, nothing re-sent');
    run.history.resume().completed(2, succeeded());
    const recording = await run.step();
    assert.deepEqual(names(recording), [DURABLE.failItem]);
    assert.deepEqual(recording[0]?.input, { message: items[0], attempts: 3 });
    assert.equal(
      activityCalls(run.allActions).filter((a) => a.functionName === DURABLE.translateItem).length,
      2,
    );
  });

  void test('an item that succeeds on a retry counts as succeeded and records no failure', async () => {
    const jobId = randomUUID();
    const { run } = await twoItemWave(jobId);
    run.history.resume().failed(2, 'timeout').retryTimer(3, 2000).completed(1, succeeded());
    assert.deepEqual(await run.step(), []);
    run.history.resume().completed(4, succeeded(7));
    assert.deepEqual(names(await run.step()), [DURABLE.finishJob]);
    assert.deepEqual(run.progress.counts, { ...ZERO_COUNTS, planned: 2, succeeded: 2, characters: 17 });
  });

  void test('a page that cannot be listed after its retries stops planning the way a poisoned plan message does', async () => {
    const jobId = randomUUID();
    const run = new Run(jobId, inputFor(jobId));
    await run.step();
    run.history.scheduled([{ id: 0, name: DURABLE.planPage }]);
    run.history.resume().failed(0, 'listing failed').retryTimer(1, 2000).failed(2, 'listing failed');
    run.history.retryTimer(3, 4000).failed(4, 'listing failed').retryTimer(5, 8000);
    const actions = await run.step();
    assert.deepEqual(names(actions), [DURABLE.failPlanning]);
    run.history
      .scheduled([{ id: 6, name: DURABLE.failPlanning }])
      .resume()
      .completed(6, { stopped: true });
    assert.deepEqual(names(await run.step()), [DURABLE.finishJob]);
  });
});
