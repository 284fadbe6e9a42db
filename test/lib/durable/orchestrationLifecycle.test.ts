/**
 * The job orchestration under the real durable-functions engine, replaying synthetic histories (see
 * orchestration.test.ts): continueAsNew between pages, cancel, and determinism.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  ZERO_COUNTS,
  type ItemActivityResult,
  type TranslateJobInput,
} from '../../../src/lib/durable/contracts.js';
import { DURABLE } from '../../../src/lib/durable/names.js';
import { ACTION, History, actionsOf, execute } from '../../helpers/durableReplay.js';
import { RETRY, Run, inputFor, messages, names, succeeded, summary } from '../../helpers/durableScenario.js';

void describe('translateJob orchestration: continueAsNew', () => {
  void test('a page with more to come continues as new with the next page, its cursor and the totals', async () => {
    const jobId = randomUUID();
    const input = inputFor(jobId, { max_parallel: 5 });
    const run = new Run(jobId, input);
    await run.step();
    const items = messages(jobId, 2);
    run.history.scheduled([{ id: 0, name: DURABLE.planPage }]);
    run.history.resume().completed(0, { kind: 'page', page: 0, items, next_cursor: 'cursor-after-page-0' });
    await run.step();
    run.history.scheduled([1, 2].map((id) => ({ id, name: DURABLE.translateItem })));
    run.history
      .resume()
      .completed(1, succeeded(3))
      .completed(2, { status: 'failed', error_code: 'unsupported_format', characters: 0, duplicate: false });
    const actions = await run.step();
    assert.equal(run.state.isDone, true, 'this execution ends; the next starts with a fresh history');
    assert.equal(actions.length, 1);
    assert.equal(actions[0]?.actionType, ACTION.continueAsNew);
    const next = actions[0]?.input as TranslateJobInput;
    assert.deepEqual(next, {
      job_id: jobId,
      page: 1,
      cursor: 'cursor-after-page-0',
      counts: { ...ZERO_COUNTS, planned: 2, succeeded: 1, failed: 1, characters: 3 },
      max_parallel: 5,
      retry: RETRY,
    });

    // The next episode starts from that input alone: its history holds nothing of page 0.
    const second = new Run(jobId, next);
    const first = await second.step();
    assert.deepEqual(first[0]?.input, { job_id: jobId, page: 1, cursor: 'cursor-after-page-0' });
    assert.deepEqual(second.progress.counts, next.counts, 'progress carries the totals so far');
    second.history.scheduled([{ id: 0, name: DURABLE.planPage }]);
    second.history.resume().completed(0, { kind: 'page', page: 1, items: messages(jobId, 1, 1) });
    await second.step();
    second.history
      .scheduled([{ id: 1, name: DURABLE.translateItem }])
      .resume()
      .completed(1, succeeded(5));
    await second.step();
    const tracker = summary(jobId, 'completed_with_errors');
    second.history
      .scheduled([{ id: 2, name: DURABLE.finishJob }])
      .resume()
      .completed(2, tracker);
    await second.step();
    assert.deepEqual(second.state.output, {
      job: tracker,
      counts: { ...ZERO_COUNTS, planned: 3, succeeded: 2, failed: 1, characters: 8 },
      last_page: 1,
      cancelled_by_event: false,
    });
  });
});

void describe('translateJob orchestration: cancel', () => {
  void test('the cancel event during a wave: the wave settles, nothing more is scheduled, the rest is cancelled', async () => {
    const jobId = randomUUID();
    const items = messages(jobId, 5);
    const run = new Run(jobId, inputFor(jobId, { max_parallel: 2 }));
    await run.step();
    run.history.scheduled([{ id: 0, name: DURABLE.planPage }]);
    run.history.resume().completed(0, { kind: 'page', page: 0, items, next_cursor: 'more' });
    await run.step();
    run.history.scheduled([1, 2].map((id) => ({ id, name: DURABLE.translateItem })));
    run.history.resume().raised(DURABLE.cancelEvent, {}).completed(1, succeeded());
    assert.deepEqual(await run.step(), [], 'the in-flight wave is still awaited');

    const cancelledItem: ItemActivityResult = {
      status: 'cancelled',
      error_code: 'job_cancelled',
      characters: 0,
      duplicate: false,
    };
    run.history.resume().completed(2, cancelledItem);
    const actions = await run.step();
    assert.deepEqual(names(actions), [DURABLE.cancelRest], 'no further wave, no next page');
    assert.deepEqual(actions[0]?.input, { job_id: jobId, page: 0 });
    assert.equal(run.progress.phase, 'cancelling');
    assert.equal(run.progress.cancel_requested, true);

    run.history
      .scheduled([{ id: 3, name: DURABLE.cancelRest }])
      .resume()
      .completed(3, { cancelled: 3 });
    assert.deepEqual(names(await run.step()), [DURABLE.finishJob]);
    const tracker = summary(jobId, 'cancelled');
    run.history
      .scheduled([{ id: 4, name: DURABLE.finishJob }])
      .resume()
      .completed(4, tracker);
    await run.step();
    assert.deepEqual(run.state.output, {
      job: tracker,
      counts: { ...ZERO_COUNTS, planned: 5, succeeded: 1, cancelled: 4, characters: 10 },
      last_page: 0,
      cancelled_by_event: true,
    });
    assert.ok(!run.allActions.some((a) => a.actionType === ACTION.continueAsNew));
  });

  void test('the cancel event while the page is listed: the page is awaited (it may be counted), then cancelled', async () => {
    const jobId = randomUUID();
    const run = new Run(jobId, inputFor(jobId));
    await run.step();
    run.history
      .scheduled([{ id: 0, name: DURABLE.planPage }])
      .resume()
      .raised(DURABLE.cancelEvent, {});
    assert.deepEqual(await run.step(), [], 'still waiting for the page, and not listing it again');
    run.history.resume().completed(0, { kind: 'page', page: 0, items: messages(jobId, 4) });
    const actions = await run.step();
    assert.deepEqual(names(actions), [DURABLE.cancelRest], 'none of its items is scheduled');
  });

  void test('a job the page activity finds cancelled (the event was lost) ends without scheduling items', async () => {
    const jobId = randomUUID();
    const run = new Run(jobId, inputFor(jobId, { page: 3, cursor: 'c3' }));
    await run.step();
    run.history.scheduled([{ id: 0, name: DURABLE.planPage }]);
    run.history.resume().completed(0, { kind: 'stopped', reason: 'cancelled' });
    assert.deepEqual(names(await run.step()), [DURABLE.finishJob]);
  });
});

void describe('translateJob orchestration: determinism', () => {
  async function fullHistory(): Promise<{ jobId: string; input: TranslateJobInput; history: History }> {
    const jobId = '7d0b2f4e-3c1a-4e5b-9f60-0a1b2c3d4e5f';
    const input = inputFor(jobId, { max_parallel: 2 });
    const history = new History().start(input);
    history.scheduled([{ id: 0, name: DURABLE.planPage }]);
    history.resume().completed(0, { kind: 'page', page: 0, items: messages(jobId, 3) });
    history.scheduled([1, 2].map((id) => ({ id, name: DURABLE.translateItem })));
    history
      .resume()
      .completed(1, succeeded())
      .failed(2, 'flaky')
      .retryTimer(3, 2000)
      .completed(4, succeeded());
    history
      .scheduled([{ id: 5, name: DURABLE.translateItem }])
      .resume()
      .completed(5, succeeded());
    return { jobId, input, history };
  }

  void test('replaying the same history gives the same actions, status and progress', async () => {
    const { jobId, input, history } = await fullHistory();
    const first = await execute(jobId, history, input);
    const second = await execute(jobId, history, input);
    assert.deepEqual(JSON.parse(JSON.stringify(second)), JSON.parse(JSON.stringify(first)));
    assert.deepEqual(names(actionsOf(first)).at(-1), DURABLE.finishJob);
  });

  void test('it reads no wall clock and draws no random numbers', async () => {
    const { jobId, input, history } = await fullHistory();
    const expected = await execute(jobId, history, input);
    const RealDate = Date;
    const realRandom = Math.random;
    const forbidden = (what: string) => (): never => {
      throw new Error(`the orchestration called ${what}`);
    };
    class GuardedDate extends RealDate {
      constructor(...args: [] | [string | number | Date]) {
        if (args.length === 0) forbidden('new Date()')();
        super(...(args as [string | number | Date]));
      }
      static override now = forbidden('Date.now()');
    }
    const state = await execute(jobId, history, input, async (run) => {
      globalThis.Date = GuardedDate as unknown as DateConstructor;
      Math.random = forbidden('Math.random()');
      try {
        return await run();
      } finally {
        globalThis.Date = RealDate;
        Math.random = realRandom;
      }
    });
    assert.deepEqual(JSON.parse(JSON.stringify(state)), JSON.parse(JSON.stringify(expected)));
  });
});
