import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { JobStatusBody } from '../../../src/lib/jobs/jobStatusBody.js';
import { planJob } from '../../../src/lib/planner/planJob.js';
import { retryPage, type RetryPageOutcome } from '../../../src/lib/planner/retryPage.js';
import { call } from '../../functions/http/harness.js';
import { drainQueue, jobStatus, submitJob, writeBlobText } from '../../helpers/jobs.js';
import { drainItemMessages, processAll, takePlanMessage } from '../../helpers/planner.js';
import { environmentPerTest, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';

const PAGE = 3;
const FILES = 12;
const settings = { PLANNER_PAGE_SIZE: String(PAGE) };
const names = Array.from({ length: FILES }, (_, i) => `file-${String(i).padStart(2, '0')}.json`);

/** A finished job whose every file failed (broken JSON), fixed at the source and retried: the round's first
 * retry message waits on the plan queue. */
async function retriedJob(env: TestEnvironment): Promise<string> {
  const source = await env.sourceContainer(Object.fromEntries(names.map((name) => [name, '{"broken": '])));
  const job = await submitJob(env.services, {
    source_container: source,
    target_container: uniqueName('out'),
    target_language: 'es',
  });
  for (;;) {
    const plans = await drainQueue(env.services.planQueue);
    for (const message of plans) await planJob(env.services, message);
    const items = await drainItemMessages(env.services);
    await processAll(env.services, items);
    if (plans.length === 0 && items.length === 0) break;
  }
  assert.equal((await jobStatus(env.services, job.job_id)).failed_files, FILES);
  for (const [i, name] of names.entries())
    await writeBlobText(env.services, source, name, JSON.stringify({ greeting: `Hello number ${i}.` }));
  const answer = await call(env.services, 'retryJob', {
    path: `/jobs/${job.job_id}/retry`,
    params: { jobId: job.job_id },
  });
  assert.equal(answer.status, 202, answer.text);
  assert.equal((answer.body as JobStatusBody).retry_round, 1);
  return job.job_id;
}

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
  const final = await jobStatus(env.services, jobId);
  assert.deepEqual(
    [final.status, final.total_files, final.succeeded_files, final.failed_files],
    ['completed', FILES, FILES, 0],
  );
}

void describe('a retry round is one chain of messages, whatever is redelivered', () => {
  const environment = environmentPerTest();

  void test('a page message redelivered late, racing its successor: one of them queues the page', async () => {
    const env = await environment(settings);
    const jobId = await retriedJob(env);
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
    const jobId = await retriedJob(env);
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
    const jobId = await retriedJob(env);
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
