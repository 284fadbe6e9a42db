import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { cancelJob } from '../../../src/lib/jobs/cancelJob.js';
import { listJobFiles } from '../../../src/lib/jobs/listJobFiles.js';
import { failPlanning } from '../../../src/lib/planner/failPlanning.js';
import { planJob } from '../../../src/lib/planner/planJob.js';
import { createServices } from '../../../src/lib/services.js';
import { environmentPerTest, uniqueName } from '../../helpers/testServices.js';
import { drainQueue, jobStatus, submitJob } from '../../helpers/jobs.js';
import {
  drainItemMessages,
  jobRow,
  numberedFiles,
  processAll,
  queueFailingAfter,
  takePlanMessage,
  tally,
} from '../../helpers/planner.js';

void describe('planJob: cancel, poison and malformed plan messages', () => {
  const environment = environmentPerTest();

  void test('a job cancelled before planning ends cancelled with nothing planned', async () => {
    const env = await environment();
    const source = await env.sourceContainer(numberedFiles(5));
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'es',
    });
    const cancelled = await cancelJob(env.services, job.job_id);
    assert.equal(cancelled.cancel_requested, true);
    assert.equal(cancelled.status, 'queued', 'planning has not run yet, so the job cannot close');

    const message = await takePlanMessage(env.services);
    assert.deepEqual(await planJob(env.services, message), {
      kind: 'stopped',
      jobId: job.job_id,
      reason: 'cancelled',
    });
    const final = await jobStatus(env.services, job.job_id);
    assert.equal(final.status, 'cancelled');
    assert.equal(final.total_files, 0);
    assert.equal(final.processed_files, 0);
    assert.equal(final.planning_complete, true);
    assert.equal(final.error, null);
    assert.ok(final.completed_at);
    assert.deepEqual(await drainQueue(env.services.translationQueue), []);
    assert.deepEqual(await drainQueue(env.services.planQueue), []);
    assert.deepEqual(await planJob(env.services, message), { kind: 'already_planned', jobId: job.job_id });
  });

  void test('a job cancelled between pages stops planning; planned items are counted cancelled', async () => {
    const env = await environment({ PLANNER_PAGE_SIZE: '3' });
    const source = await env.sourceContainer(numberedFiles(10));
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'es',
    });
    await planJob(env.services, await takePlanMessage(env.services));
    await cancelJob(env.services, job.job_id);
    assert.deepEqual(await planJob(env.services, await takePlanMessage(env.services)), {
      kind: 'stopped',
      jobId: job.job_id,
      reason: 'cancelled',
    });
    assert.deepEqual(await drainQueue(env.services.planQueue), []);
    const messages = await drainItemMessages(env.services);
    assert.equal(messages.length, 3);
    const workers = createServices(env.config); // a fresh job cache that sees the cancel flag
    assert.deepEqual(tally(await processAll(workers, messages)), { 'cancelled/recorded': 3 });
    const final = await jobStatus(env.services, job.job_id);
    assert.equal(final.status, 'cancelled');
    assert.equal(final.total_files, 3);
    assert.equal(final.processed_files, 3);
    assert.equal(final.cancelled_files, 3);
  });

  void test('a poisoned plan message stops planning; the items already planned finish and the job fails', async () => {
    const env = await environment({ PLANNER_PAGE_SIZE: '3' });
    const source = await env.sourceContainer(numberedFiles(10));
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'es',
    });
    await planJob(env.services, await takePlanMessage(env.services));
    const next = await takePlanMessage(env.services);

    assert.equal(await failPlanning(env.services, { kind: 'plan', job_id: job.job_id }), true);
    const stopped = await jobStatus(env.services, job.job_id);
    assert.equal(stopped.planning_complete, true);
    assert.equal(stopped.status, 'processing', 'still waiting for the planned items');
    assert.equal(stopped.error?.code, 'planning_failed');
    assert.match(stopped.error?.message ?? '', /planning stopped after 3 files/);

    // The plan message the poisoned one was a copy of may still turn up: it must not plan more.
    assert.deepEqual(await planJob(env.services, next), { kind: 'already_planned', jobId: job.job_id });
    const messages = await drainItemMessages(env.services);
    assert.equal(messages.length, 3);
    assert.deepEqual(tally(await processAll(env.services, messages)), { 'succeeded/recorded': 3 });
    const final = await jobStatus(env.services, job.job_id);
    assert.equal(final.status, 'failed');
    assert.equal(final.error?.code, 'planning_failed');
    assert.equal(final.total_files, 3);
    assert.equal(final.processed_files, 3);
    assert.equal(final.succeeded_files, 3);
  });

  void test('a plan message poisoned while its recorded page was only partly enqueued still lets the job end', async () => {
    const env = await environment({ PLANNER_PAGE_SIZE: '3' });
    const source = await env.sourceContainer(numberedFiles(10));
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'es',
    });
    await planJob(env.services, await takePlanMessage(env.services));
    const message = await takePlanMessage(env.services);
    // Every delivery of page 1 dies while enqueueing (the first after one send): the host gives up after 5.
    for (let attempt = 1; attempt <= 5; attempt++) {
      const crashing = createServices(env.config);
      const failing = queueFailingAfter(crashing.translationQueue, attempt === 1 ? 1 : 0);
      crashing.translationQueue = failing.queue;
      await assert.rejects(planJob(crashing, message), /simulated crash/);
      await failing.settled();
    }
    assert.equal((await jobRow(env.services, job.job_id)).total, 6, 'page 1 was counted');
    assert.equal(await failPlanning(env.services, message), true);
    const stopped = await jobStatus(env.services, job.job_id);
    assert.equal(stopped.planning_complete, true);
    assert.equal(stopped.processed_files, 3, "page 1's items have an outcome");
    assert.equal(
      await failPlanning(env.services, message),
      false,
      'a second poison delivery changes nothing',
    );
    assert.equal((await jobStatus(env.services, job.job_id)).processed_files, 3);

    const messages = await drainItemMessages(env.services);
    assert.equal(messages.length, 4, 'page 0 and the one item of page 1 that was sent');
    await processAll(env.services, messages);
    const final = await jobStatus(env.services, job.job_id);
    assert.equal(final.status, 'failed', 'the job must not wait forever for items never enqueued');
    assert.equal(final.error?.code, 'planning_failed');
    assert.equal(final.total_files, 6);
    assert.equal(final.processed_files, 6);
    // Page 1's items are failed by the poison handler (the one that did get sent is then a duplicate).
    assert.equal(final.succeeded_files, 3);
    assert.equal(final.failed_files, 3);
    const failed = await listJobFiles(env.services, job.job_id, { status: 'failed' });
    assert.deepEqual(
      failed.files.map((f) => f.error?.code),
      ['planning_failed', 'planning_failed', 'planning_failed'],
    );
  });

  void test('a plan message poisoned before any page (source gone) fails the job with planning_failed', async () => {
    const env = await environment();
    const source = await env.sourceContainer(numberedFiles(2));
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'es',
    });
    await env.services.storage.blobs.getContainerClient(source).delete();
    const message = await takePlanMessage(env.services);
    await assert.rejects(planJob(env.services, message), (error: { statusCode?: number }) => {
      assert.equal(error.statusCode, 404);
      return true;
    });
    assert.equal(await failPlanning(env.services, message), true);
    const final = await jobStatus(env.services, job.job_id);
    assert.equal(final.status, 'failed');
    assert.equal(final.error?.code, 'planning_failed');
    assert.equal(final.total_files, 0);
    assert.deepEqual(await drainQueue(env.services.translationQueue), []);
  });

  void test('malformed plan messages are reported, not thrown; unknown jobs are recognised', async () => {
    const env = await environment();
    const jobId = randomUUID();
    const malformed: unknown[] = [
      { kind: 'plan' },
      { kind: 'plan', job_id: 'not-a-uuid' },
      { kind: 'plan', job_id: jobId, extra: true },
      { kind: 'translate', job_id: jobId },
      { job_id: jobId },
      'plan',
      `{"kind":"plan","job_id":"${jobId}"`,
      null,
      42,
      [],
    ];
    for (const body of malformed) {
      const outcome = await planJob(env.services, body);
      assert.equal(outcome.kind, 'invalid_message', JSON.stringify(body));
      assert.equal(await failPlanning(env.services, body), false, JSON.stringify(body));
    }
    assert.deepEqual(await planJob(env.services, { kind: 'plan', job_id: jobId }), {
      kind: 'unknown_job',
      jobId,
    });
    assert.equal(await failPlanning(env.services, { kind: 'plan', job_id: jobId }), false);
    assert.deepEqual(await drainQueue(env.services.translationQueue), []);
    assert.deepEqual(await drainQueue(env.services.planQueue), []);
  });
});
