import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { retryPage, type RetryPageOutcome } from '../../../src/lib/planner/retryPage.js';
import { drainQueue } from '../../helpers/jobs.js';
import { drainItemMessages, processAll, takePlanMessage } from '../../helpers/planner.js';
import { assertAllSucceeded, retriedJob } from '../../helpers/retriedJob.js';
import { environmentPerTest, type TestEnvironment } from '../../helpers/testServices.js';

const PAGE = 3;
const FILES = 12;
const settings = { PLANNER_PAGE_SIZE: String(PAGE) };
const names = Array.from({ length: FILES }, (_, i) => `file-${String(i).padStart(2, '0')}.json`);

/** Delivers every retry message until the plan queue is empty; the item messages sent meanwhile, by file. */
async function runRound(env: TestEnvironment, outcomes: RetryPageOutcome[]): Promise<string[]> {
  const sent: string[] = [];
  for (let step = 0; step < 100; step++) {
    const messages = await drainQueue(env.services.planQueue);
    if (messages.length === 0) break;
    for (const message of messages) outcomes.push(await retryPage(env.services, message));
    sent.push(...(await itemsSent(env)));
  }
  return sent;
}

async function itemsSent(env: TestEnvironment): Promise<string[]> {
  const items = await drainItemMessages(env.services);
  await processAll(env.services, items);
  return items.map((item) => item.source_path);
}

async function assertAllSucceededOnce(env: TestEnvironment, jobId: string, sent: string[]): Promise<void> {
  assert.deepEqual([...sent].sort(), names, 'each file sent exactly once in the round');
  await assertAllSucceeded(env, jobId, FILES);
}

void describe('a retry round is one chain of messages, whatever is redelivered', () => {
  const environment = environmentPerTest();

  void test('a page message redelivered late, racing its successor: one of them queues the page', async () => {
    const env = await environment(settings);
    const jobId = await retriedJob(env, names);
    const first = await takePlanMessage(env.services);
    assert.equal((await retryPage(env.services, first)).kind, 'queued_page');
    const sent = await itemsSent(env);
    const successor = await takePlanMessage(env.services);

    // The first invocation's delete was lost: its message comes back while its successor runs.
    const raced = await Promise.all([retryPage(env.services, first), retryPage(env.services, successor)]);
    assert.deepEqual(raced.map((o) => o.kind).sort(), ['queued_page', 'superseded'], JSON.stringify(raced));
    const outcomes: RetryPageOutcome[] = [];
    sent.push(...(await runRound(env, outcomes)));
    assert.deepEqual(
      outcomes.map((o) => o.kind),
      ['queued_page', 'queued_page'],
      'the chain goes on from the winner alone',
    );
    await assertAllSucceededOnce(env, jobId, sent);
  });

  void test('a message whose successor was lost is redelivered and carries the round on', async () => {
    const env = await environment(settings);
    const jobId = await retriedJob(env, names);
    const first = await takePlanMessage(env.services);
    assert.equal((await retryPage(env.services, first)).kind, 'queued_page');
    const sent = await itemsSent(env);
    // The process died after moving the cursor and before its successor reached the queue.
    await drainQueue(env.services.planQueue);

    const resumed = await retryPage(env.services, first);
    assert.equal(resumed.kind, 'queued_page', JSON.stringify(resumed));
    sent.push(...(await itemsSent(env)));
    sent.push(...(await runRound(env, [])));
    await assertAllSucceededOnce(env, jobId, sent);
  });

  void test("a page's owner redelivered part-way resumes its page; no other message may take it", async () => {
    const env = await environment(settings);
    const jobId = await retriedJob(env, names);
    const first = (await takePlanMessage(env.services)) as { token?: string };
    assert.ok(first.token, 'the round starts with a named message');
    // The owner claimed the page and died before moving the cursor.
    assert.equal(
      await env.services.tracker.claimRetryPage(jobId, { round: 1, cursor: '', token: first.token }),
      'claimed',
    );
    const intruder = { kind: 'retry', job_id: jobId, round: 1, token: crypto.randomUUID() };
    assert.deepEqual(await retryPage(env.services, intruder), { kind: 'superseded', jobId, round: 1 });
    assert.deepEqual(await drainQueue(env.services.planQueue), [], 'a superseded message sends nothing');

    assert.equal((await retryPage(env.services, first)).kind, 'queued_page');
    const sent = await itemsSent(env);
    sent.push(...(await runRound(env, [])));
    await assertAllSucceededOnce(env, jobId, sent);
  });
});
