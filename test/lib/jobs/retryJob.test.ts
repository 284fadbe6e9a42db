import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { PermanentItemError } from '../../../src/lib/errors.js';
import type { JobStatusBody } from '../../../src/lib/jobs/jobStatusBody.js';
import { listJobFiles } from '../../../src/lib/jobs/listJobFiles.js';
import type { RetryMessage, TranslateItemMessage } from '../../../src/lib/messages.js';
import { planJob } from '../../../src/lib/planner/planJob.js';
import { retryPage } from '../../../src/lib/planner/retryPage.js';
import { failRetry } from '../../../src/lib/planner/failRetry.js';
import { PseudoTranslator } from '../../../src/lib/translation/pseudoTranslator.js';
import { sourceText } from '../../../src/lib/translation/tokens.js';
import type {
  TranslateRequest,
  TranslateResult,
  Translator,
} from '../../../src/lib/translation/translator.js';
import { deliverWebhook } from '../../../src/lib/webhooks/deliverWebhook.js';
import { settleItem } from '../../../src/lib/worker/settleItem.js';
import { assertError, call, type ApiResponse } from '../../functions/http/harness.js';
import { drainQueue, jobStatus } from '../../helpers/jobs.js';
import { requestRetry } from '../../helpers/retriedJob.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';

/** Pseudo, but a segment containing "BAD" is refused for good while `refusing` is set. */
class SwitchableTranslator implements Translator {
  readonly name = 'switchable';
  readonly maxSegmentChars = 50_000;
  refusing = true;
  readonly translated: string[] = [];
  private readonly inner = new PseudoTranslator();

  translate(request: TranslateRequest): Promise<TranslateResult> {
    const texts = request.segments.map(sourceText);
    if (this.refusing && texts.some((t) => t.includes('BAD')))
      return Promise.reject(new PermanentItemError('translator_rejected', 'refused: BAD'));
    this.translated.push(...texts);
    return this.inner.translate(request);
  }
}

const SECRET = 'retry-test-webhook-secret';

void describe('POST /api/jobs/{id}/retry', () => {
  let env: TestEnvironment;
  const translator = new SwitchableTranslator();
  const hooks: { headers: IncomingHttpHeaders; body: string }[] = [];
  const hookBody = (hook: { body: string } | undefined) =>
    JSON.parse(hook?.body ?? '{}') as { job_id?: string; status?: string };
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      hooks.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  let hookUrl = '';

  before(async () => {
    env = await testEnvironment(
      { PLANNER_PAGE_SIZE: '3', WEBHOOK_SIGNING_SECRET: SECRET, ALLOW_HTTP_LOOPBACK_CALLBACKS: 'true' },
      { translator },
    );
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  });
  after(async () => {
    await new Promise((resolve) => receiver.close(resolve));
    await env.cleanup();
  });

  const post = (jobId: string, body?: string): Promise<ApiResponse> => requestRetry(env, jobId, body);

  /** Runs every queue until all are empty: plan and retry pages, items (each once), webhooks. */
  async function runQueues(): Promise<void> {
    for (;;) {
      const plans = await drainQueue(env.services.planQueue);
      for (const m of plans) {
        if ((m as { kind?: string }).kind === 'retry') await retryPage(env.services, m);
        else await planJob(env.services, m);
      }
      const items = await drainQueue(env.services.translationQueue);
      for (const m of items) await settleItem(env.services, m, { number: 1 });
      const hooksQueued = await drainQueue(env.services.webhookQueue);
      for (const m of hooksQueued) await deliverWebhook(env.services, m);
      if (plans.length + items.length + hooksQueued.length === 0) return;
    }
  }

  async function finishedJob(files: Record<string, string>, extra: Record<string, unknown> = {}) {
    translator.refusing = true;
    const source = await env.sourceContainer(files);
    const created = await call(env.services, 'createJob', {
      body: JSON.stringify({
        source_container: source,
        target_container: uniqueName('out'),
        target_languages: ['es', 'fr'],
        ...extra,
      }),
    });
    assert.equal(created.status, 202, created.text);
    const jobId = (created.body as JobStatusBody).job_id;
    await runQueues();
    return { jobId, status: await jobStatus(env.services, jobId) };
  }

  /** Five files, two that translate and three refused; fresh text each time, so no test reuses another's output. */
  const someFiles = (tag = randomUUID().slice(0, 8)) => ({
    'a.txt': `Fine one ${tag}.`,
    'b.txt': `BAD two ${tag}.`,
    'c.txt': `Fine three ${tag}.`,
    'd.txt': `BAD four ${tag}.`,
    'e.txt': `BAD five ${tag}.`,
  });

  void test('failed files run again as a new round: counts move exactly, the job closes and notifies again', async () => {
    const { jobId, status } = await finishedJob(someFiles('t1'), { callback_url: hookUrl });
    assert.equal(status.status, 'completed_with_errors');
    assert.deepEqual([status.total_files, status.succeeded_files, status.failed_files], [10, 4, 6]);
    assert.equal(status.retry_round, 0);
    const firstHooks = hooks.filter((h) => hookBody(h).job_id === jobId);
    assert.equal(firstHooks.length, 1);
    assert.equal(firstHooks[0]?.headers['x-batchtranslator-delivery'], jobId);

    translator.refusing = false;
    translator.translated.length = 0;
    const answer = await post(jobId);
    assert.equal(answer.status, 202, answer.text);
    const reopened = answer.body as JobStatusBody;
    assert.equal(reopened.status, 'processing');
    assert.equal(reopened.retry_round, 1);
    assert.equal(reopened.completed_at, null);
    assert.equal(reopened.callback?.delivered_at, null);

    // One retry page (3 rows) moves its files: failed → queued, nothing else changes.
    const [retryMessage] = await drainQueue(env.services.planQueue);
    const { token, ...addressed } = retryMessage as RetryMessage;
    assert.deepEqual(addressed, { kind: 'retry', job_id: jobId, round: 1 });
    assert.ok(token, "the round's first message is named, so it can claim its page");
    await retryPage(env.services, retryMessage);
    const moving = await jobStatus(env.services, jobId);
    assert.equal(moving.status, 'processing');
    assert.equal(moving.succeeded_files, 4);
    assert.equal(moving.failed_files + (moving.total_files - moving.processed_files), 6);
    assert.ok(moving.failed_files < 6, 'some failures moved back to the queue');

    await runQueues();
    const final = await jobStatus(env.services, jobId);
    assert.equal(final.status, 'completed');
    assert.deepEqual([final.total_files, final.succeeded_files, final.failed_files], [10, 10, 0]);
    assert.equal(final.retry_round, 1);
    assert.ok(final.completed_at);
    assert.deepEqual(
      translator.translated.sort(),
      ['BAD five t1.', 'BAD five t1.', 'BAD four t1.', 'BAD four t1.', 'BAD two t1.', 'BAD two t1.'],
      'only the failed files were translated again',
    );
    const files = await listJobFiles(env.services, jobId, {});
    assert.ok(files.files.every((f) => f.status === 'succeeded' && f.error === null));
    const allHooks = hooks.filter((h) => hookBody(h).job_id === jobId);
    assert.equal(allHooks.length, 2, 'notified again');
    assert.equal(allHooks[1]?.headers['x-batchtranslator-delivery'], `${jobId}.retry-1`);
    assert.equal(hookBody(allHooks[1]).status, 'completed');
  });

  void test('concurrent requests re-open once; duplicate and stale messages count nothing twice', async () => {
    const { jobId, status } = await finishedJob(someFiles());
    assert.equal(status.failed_files, 6);
    const staleOld = (await listJobFiles(env.services, jobId, { status: 'failed' })).files[0];
    assert.ok(staleOld);
    translator.refusing = false;

    const answers = await Promise.all([post(jobId), post(jobId, '{}'), post(jobId)]);
    for (const answer of answers) {
      assert.equal(answer.status, 202, answer.text);
      assert.equal((answer.body as JobStatusBody).retry_round, 1, 'every request joins the one round');
    }
    // Every retry message (one per request, the same round) runs, twice each: a redelivery storm.
    const retryMessages = await drainQueue(env.services.planQueue);
    assert.equal(retryMessages.length, 3);
    await Promise.all([...retryMessages, ...retryMessages].map((m) => retryPage(env.services, m)));
    // Each item message delivered twice, concurrently, plus a stale message of the first run.
    const items = (await drainQueue(env.services.translationQueue)) as TranslateItemMessage[];
    assert.ok(items.every((m) => m.retry_round === 1));
    const stale = { ...items[0]!, retry_round: undefined };
    delete stale.retry_round;
    const settled = await Promise.all(
      [...items, ...items, stale].map((m) => settleItem(env.services, m, { number: 1 })),
    );
    const staleResult = settled.at(-1);
    assert.equal(staleResult?.kind === 'recorded' && staleResult.result, 'duplicate');
    await runQueues();
    const final = await jobStatus(env.services, jobId);
    assert.equal(final.status, 'completed');
    assert.deepEqual([final.total_files, final.succeeded_files, final.failed_files], [10, 10, 0]);
    assert.equal(final.retry_round, 1);
    // A second retry now has nothing to do.
    assertError(await post(jobId), 409, 'nothing_to_retry');
  });

  void test('a retry that died after moving a page resumes and queues every file once', async () => {
    const { jobId } = await finishedJob({
      ...someFiles(),
      'f.txt': `BAD six ${randomUUID()}.`,
      'g.txt': `BAD seven ${randomUUID()}.`,
    });
    translator.refusing = false;
    assert.equal((await post(jobId)).status, 202);
    const [message] = await drainQueue(env.services.planQueue);
    // What a dying invocation did: moved the first page of failures, sent nothing, saved no cursor.
    const page = await env.services.tracker.listRetryCandidates(jobId, { includeCancelled: false, limit: 3 });
    const moved = await env.services.tracker.moveItemsToRetry(jobId, 1, false, page.items);
    assert.ok(moved.length > 0);
    await retryPage(env.services, message); // the redelivery
    await runQueues();
    const final = await jobStatus(env.services, jobId);
    assert.equal(final.status, 'completed');
    assert.deepEqual([final.total_files, final.succeeded_files, final.failed_files], [14, 14, 0]);
  });

  void test('a retry message that keeps failing (poison) ends the round: moved files fail, the job closes', async () => {
    const { jobId } = await finishedJob(someFiles());
    assert.equal((await post(jobId)).status, 202);
    const [message] = await drainQueue(env.services.planQueue);
    // The round moved one page of failures, then its message kept failing until the host gave up on it.
    const page = await env.services.tracker.listRetryCandidates(jobId, { includeCancelled: false, limit: 3 });
    const moved = await env.services.tracker.moveItemsToRetry(jobId, 1, false, page.items);
    assert.equal(moved.length, 3);
    assert.equal(await failRetry(env.services, message), true);
    assert.equal(await failRetry(env.services, message), false, 'a second poison copy finds no round');
    const final = await jobStatus(env.services, jobId);
    assert.equal(final.status, 'completed_with_errors');
    assert.deepEqual([final.total_files, final.succeeded_files, final.failed_files], [10, 4, 6]);
    const failed = await listJobFiles(env.services, jobId, { status: 'failed' });
    const codes = failed.files.map((f) => f.error?.code).sort();
    assert.deepEqual(codes, [
      'retry_failed',
      'retry_failed',
      'retry_failed',
      'translator_rejected',
      'translator_rejected',
      'translator_rejected',
    ]);
  });

  void test('include_cancelled retries cancelled files too; without it only failed ones', async () => {
    const { jobId } = await finishedJob(someFiles());
    // Cancel the retry round before its files run: they are recorded cancelled and the job ends cancelled.
    assert.equal((await post(jobId)).status, 202);
    await call(env.services, 'cancelJob', { path: `/jobs/${jobId}`, params: { jobId } });
    await runQueues();
    const cancelled = await jobStatus(env.services, jobId);
    assert.equal(cancelled.status, 'cancelled');
    assert.deepEqual([cancelled.succeeded_files, cancelled.cancelled_files], [4, 6]);
    assertError(await post(jobId), 409, 'nothing_to_retry');

    translator.refusing = false;
    const answer = await post(jobId, JSON.stringify({ include_cancelled: true }));
    assert.equal(answer.status, 202, answer.text);
    assert.equal((answer.body as JobStatusBody).retry_round, 2);
    assert.equal((answer.body as JobStatusBody).cancel_requested, false);
    await runQueues();
    const final = await jobStatus(env.services, jobId);
    assert.equal(final.status, 'completed');
    assert.deepEqual([final.succeeded_files, final.failed_files, final.cancelled_files], [10, 0, 0]);
  });
});
