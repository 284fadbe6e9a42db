import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cancelJob } from '../../../src/lib/jobs/cancelJob.js';
import { listJobFiles } from '../../../src/lib/jobs/listJobFiles.js';
import { failPlanning } from '../../../src/lib/planner/failPlanning.js';
import { planJob } from '../../../src/lib/planner/planJob.js';
import { drainQueue, jobStatus, planFully, submitJob } from '../../helpers/jobs.js';
import {
  drainItemMessages,
  numberedFiles,
  plannedJob,
  processAll,
  takePlanMessage,
} from '../../helpers/planner.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';

void describe('cancel ends a job even when some of its messages never arrive', () => {
  let env: TestEnvironment;
  before(async () => {
    env = await testEnvironment({ PLANNER_PAGE_SIZE: '4', CANCEL_GRACE_SECONDS: '0' });
  });
  after(() => env.cleanup());

  void test('after planning: the items whose messages were lost are counted cancelled by the sweep', async () => {
    const { jobId, messages } = await plannedJob(env, 10);
    assert.equal(messages.length, 10);
    await processAll(env.services, messages.slice(0, 3)); // the other seven are lost

    const asked = await cancelJob(env.services, jobId);
    assert.equal(asked.cancel_requested, true);
    await planFully(env.services); // the sweep, CANCEL_GRACE_SECONDS (here 0) after the cancel
    const body = await jobStatus(env.services, jobId);
    assert.equal(body.status, 'cancelled');
    assert.deepEqual([body.succeeded_files, body.cancelled_files, body.processed_files], [3, 7, 10]);
    const cancelled = await listJobFiles(env.services, jobId, { status: 'cancelled' });
    assert.equal(cancelled.files.length, 7);
    assert.ok(cancelled.files.every((f) => f.error?.code === 'job_cancelled'));

    // A lost message that turns up after all is not counted again.
    const late = await processAll(env.services, messages.slice(3));
    assert.ok(
      late.every(
        (s) => s.kind === 'job_already_finished' || (s.kind === 'recorded' && s.result === 'duplicate'),
      ),
    );
    const final = await jobStatus(env.services, jobId);
    assert.deepEqual([final.processed_files, final.total_files], [10, 10]);
  });

  void test('mid-planning: the next page stops planning and the counted pages are settled', async () => {
    const source = await env.sourceContainer(numberedFiles(10));
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'es',
    });
    await planJob(env.services, await takePlanMessage(env.services)); // page 0: four items
    await drainItemMessages(env.services); // all four lost
    const body = await cancelJob(env.services, job.job_id);
    assert.equal(body.status, 'processing', 'planning has not seen the cancel yet');

    await planFully(env.services); // the next page's message, and the sweep
    const final = await jobStatus(env.services, job.job_id);
    assert.equal(final.status, 'cancelled');
    assert.deepEqual([final.total_files, final.cancelled_files, final.processed_files], [4, 4, 4]);
  });

  void test('a poisoned sweep still ends the job cancelled, never failed', async () => {
    const source = await env.sourceContainer(numberedFiles(3));
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'es',
    });
    await planFully(env.services);
    await drainItemMessages(env.services); // lost
    await cancelJob(env.services, job.job_id);
    const [sweep] = await drainQueue(env.services.planQueue);
    assert.ok(sweep);
    assert.equal(await failPlanning(env.services, sweep), true);
    const final = await jobStatus(env.services, job.job_id);
    assert.deepEqual([final.status, final.cancelled_files, final.error], ['cancelled', 3, null]);
  });
});
