/** Jobs whose files all failed, for the retry tests: finished, then re-opened for a retry round. */
import assert from 'node:assert/strict';
import type { JobStatusBody } from '../../src/lib/jobs/jobStatusBody.js';
import { planJob } from '../../src/lib/planner/planJob.js';
import { call, type ApiResponse } from '../functions/http/harness.js';
import { drainQueue, jobStatus, submitJob, writeBlobText } from './jobs.js';
import { drainItemMessages, processAll } from './planner.js';
import { uniqueName, type TestEnvironment } from './testServices.js';

/** A job of `names` (broken JSON) planned and worked until it ends `failed`; its id and source container. */
export async function failedJob(
  env: TestEnvironment,
  names: readonly string[],
): Promise<{ jobId: string; source: string }> {
  const source = await env.sourceContainer(Object.fromEntries(names.map((name) => [name, '{"broken": '])));
  const job = await submitJob(env.services, {
    source_container: source,
    target_container: uniqueName('out'),
    target_language: 'es',
  });
  // Planning may wait for the queue (a small high-water): plan and work in turns until both are done.
  for (;;) {
    const plans = await drainQueue(env.services.planQueue);
    for (const message of plans) await planJob(env.services, message);
    const items = await drainItemMessages(env.services);
    await processAll(env.services, items);
    if (plans.length === 0 && items.length === 0) break;
  }
  const failed = await jobStatus(env.services, job.job_id);
  assert.deepEqual([failed.status, failed.failed_files], ['failed', names.length], JSON.stringify(failed));
  return { jobId: job.job_id, source };
}

/**
 * `failedJob`, then fixed at the source and retried through the API: the round's first retry message is on the
 * plan queue, nothing on the translation queue.
 */
export async function retriedJob(env: TestEnvironment, names: readonly string[]): Promise<string> {
  const { jobId, source } = await failedJob(env, names);
  for (const [i, name] of names.entries())
    await writeBlobText(env.services, source, name, JSON.stringify({ greeting: `Hello number ${i}.` }));
  const answer = await requestRetry(env, jobId);
  assert.equal(answer.status, 202, answer.text);
  assert.equal((answer.body as JobStatusBody).retry_round, 1);
  return jobId;
}

/** `POST /api/jobs/{jobId}/retry` with `body` (none when undefined), through the function's handler. */
export function requestRetry(env: TestEnvironment, jobId: string, body?: string): Promise<ApiResponse> {
  return call(env.services, 'retryJob', {
    path: `/jobs/${jobId}/retry`,
    params: { jobId },
    ...(body === undefined ? {} : { body }),
  });
}

/** The retried job ended `completed` with every one of its `files` succeeded. */
export async function assertAllSucceeded(env: TestEnvironment, jobId: string, files: number): Promise<void> {
  const final = await jobStatus(env.services, jobId);
  assert.deepEqual(
    [final.status, final.total_files, final.succeeded_files, final.failed_files],
    ['completed', files, files, 0],
  );
}
