import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { JobStatusBody } from '../../../src/lib/jobs/jobStatusBody.js';
import { assertError, call } from '../../functions/http/harness.js';
import { jobStatus } from '../../helpers/jobs.js';
import { requestRetry } from '../../helpers/retriedJob.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';

void describe('POST /api/jobs/{id}/retry refusals', () => {
  let env: TestEnvironment;
  before(async () => {
    env = await testEnvironment();
  });
  after(() => env.cleanup());

  const post = (jobId: string, body?: string) => requestRetry(env, jobId, body);

  void test('unknown, unfinished and malformed requests are refused with their codes', async () => {
    assertError(await post(randomUUID()), 404, 'job_not_found');
    assertError(await post('not-a-job'), 400, 'invalid_job_id');
    const source = await env.sourceContainer({ 'a.txt': 'BAD' });
    const created = await call(env.services, 'createJob', {
      body: JSON.stringify({
        source_container: source,
        target_container: uniqueName('out'),
        target_language: 'es',
      }),
    });
    const jobId = (created.body as JobStatusBody).job_id;
    assertError(await post(jobId), 409, 'job_not_terminal');
    assertError(await post(jobId, '{"include_cancelled":"yes"}'), 400, 'invalid_request');
    assertError(await post(jobId, '{"also":1}'), 400, 'invalid_request');
    assertError(await post(jobId, '{'), 400, 'invalid_json');
  });

  void test('a durable-mode job is refused: its orchestration has ended and is not restarted', async () => {
    const jobId = randomUUID();
    const at = new Date().toISOString();
    await env.services.tracker.createJob({
      partitionKey: jobId,
      rowKey: 'job',
      source_container: 'src-durable',
      target_container: 'out-durable',
      target_languages: ['es'],
      mode: 'durable',
      status: 'completed_with_errors',
      created_at: at,
      updated_at: at,
      index_row: `0000000000000-${jobId}`,
      shards: 1,
      total: 1,
      planning_done: true,
      plan_page: 1,
      cancel_requested: false,
    });
    const refusal = assertError(await post(jobId), 409, 'retry_unsupported_in_durable_mode');
    assert.match(refusal.message, /queue-mode/);
    assert.equal((await jobStatus(env.services, jobId)).status, 'completed_with_errors', 'left as it was');
  });
});
