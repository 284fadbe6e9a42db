import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { JobStatusBody } from '../../../src/lib/jobs/jobStatusBody.js';
import { testEnvironment, type TestEnvironment } from '../../helpers/testServices.js';
import { assertError, call, type CallOptions } from './harness.js';
import { withApi } from './jobsApi.js';

void describe('GET /api/jobs/{jobId}', () => {
  void test('an unknown job id is a 404 job_not_found', () =>
    withApi(async (api) => {
      assertError(await api.get(randomUUID()), 404, 'job_not_found');
    }));

  void test('an id that is not a job id is a 400 invalid_job_id', () =>
    withApi(async (api) => {
      for (const id of [
        '../../x',
        'not-a-uuid',
        randomUUID().toUpperCase(),
        `${randomUUID()}x`,
        "' or 1 eq 1",
      ]) {
        assertError(await api.get(id), 400, 'invalid_job_id');
      }
    }));

  void test('a missing id is a 400 invalid_job_id', () =>
    withApi(async (api) => {
      assertError(await call(api.env.services, 'getJob', { path: '/jobs/' }), 400, 'invalid_job_id');
    }));
});

void describe('GET /api/jobs', () => {
  for (const [query, code] of [
    ['?limit=0', 'invalid_limit'],
    ['?limit=abc', 'invalid_limit'],
    ['?limit=101', 'invalid_limit'],
    ['?limit=-1', 'invalid_limit'],
    ['?limit=1.5', 'invalid_limit'],
    ['?status=bogus', 'invalid_status'],
    ['?status=QUEUED', 'invalid_status'],
  ] as const) {
    void test(`${query} is a 400 ${code}`, () =>
      withApi(async (api) => {
        assertError(await api.list(query), 400, code);
      }));
  }

  void test('an empty table lists no jobs and no continuation', () =>
    withApi(async (api) => {
      const response = await api.list();
      assert.equal(response.status, 200, response.text);
      assert.deepEqual(response.body, { jobs: [], continuation: null });
    }));

  void test('lists newest first, and pages with a continuation', () =>
    withApi(async (api) => {
      const first = await api.create();
      const second = await api.create();
      const third = await api.create();
      const all = await api.list();
      assert.equal(all.status, 200, all.text);
      const listed = (all.body as { jobs: JobStatusBody[] }).jobs;
      assert.deepEqual(
        listed.map((j) => j.job_id),
        [third.job_id, second.job_id, first.job_id],
      );
      assert.deepEqual(listed[0], third);

      const page1 = await api.list('?limit=2');
      assert.equal(page1.status, 200, page1.text);
      const body1 = page1.body as { jobs: JobStatusBody[]; continuation: string | null };
      assert.deepEqual(
        body1.jobs.map((j) => j.job_id),
        [third.job_id, second.job_id],
      );
      assert.equal(typeof body1.continuation, 'string');
      assert.match(body1.continuation ?? '', /^[A-Za-z0-9_-]+$/);

      const page2 = await api.list(`?limit=2&continuation=${body1.continuation}`);
      assert.equal(page2.status, 200, page2.text);
      const body2 = page2.body as { jobs: JobStatusBody[]; continuation: string | null };
      assert.deepEqual(
        body2.jobs.map((j) => j.job_id),
        [first.job_id],
      );
      assert.equal(body2.continuation, null);
    }));

  void test('filters by status', () =>
    withApi(async (api) => {
      const job = await api.create();
      const queued = await api.list('?status=queued');
      assert.equal(queued.status, 200, queued.text);
      assert.deepEqual(
        (queued.body as { jobs: JobStatusBody[] }).jobs.map((j) => j.job_id),
        [job.job_id],
      );
      const completed = await api.list('?status=completed');
      assert.equal(completed.status, 200, completed.text);
      assert.deepEqual((completed.body as { jobs: unknown[] }).jobs, []);
    }));

  void test('a continuation the API did not issue is a 400 invalid_continuation', () =>
    withApi(async (api) => {
      const garbage = [
        '!!!',
        Buffer.from('garbage, not JSON').toString('base64url'),
        Buffer.from('{"nextPartitionKey":1}').toString('base64url'),
        Buffer.from('{"nextPartitionKey":"a","extra":"b"}').toString('base64url'),
        Buffer.from('[]').toString('base64url'),
        'a'.repeat(5000),
      ];
      for (const continuation of garbage) {
        assertError(
          await api.list(`?continuation=${encodeURIComponent(continuation)}`),
          400,
          'invalid_continuation',
        );
      }
    }));
});

void describe('GET /api/jobs/{jobId}/files', () => {
  void test('an unknown job is a 404 job_not_found', () =>
    withApi(async (api) => {
      assertError(await api.files(randomUUID()), 404, 'job_not_found');
    }));

  void test('an invalid job id is a 400 invalid_job_id', () =>
    withApi(async (api) => {
      assertError(await api.files('../../x'), 400, 'invalid_job_id');
    }));

  void test('a job not yet planned lists no files', () =>
    withApi(async (api) => {
      const job = await api.create();
      const response = await api.files(job.job_id);
      assert.equal(response.status, 200, response.text);
      assert.deepEqual(response.body, { job_id: job.job_id, files: [], continuation: null });
    }));

  void test('invalid list parameters are 400s', () =>
    withApi(async (api) => {
      const job = await api.create();
      assertError(await api.files(job.job_id, '?limit=1001'), 400, 'invalid_limit');
      assertError(await api.files(job.job_id, '?status=processing'), 400, 'invalid_status');
      assertError(await api.files(job.job_id, '?continuation=!!!'), 400, 'invalid_continuation');
    }));
});

void describe('DELETE /api/jobs/{jobId}', () => {
  void test('an unknown job is a 404 job_not_found', () =>
    withApi(async (api) => {
      assertError(await api.cancel(randomUUID()), 404, 'job_not_found');
    }));

  void test('an invalid job id is a 400 invalid_job_id', () =>
    withApi(async (api) => {
      assertError(await api.cancel('not-a-uuid'), 400, 'invalid_job_id');
    }));

  void test('a queued job is accepted for cancellation with 202 and cancel_requested true', () =>
    withApi(async (api) => {
      const job = await api.create();
      const response = await api.cancel(job.job_id);
      assert.equal(response.status, 202, response.text);
      const body = response.body as JobStatusBody;
      assert.equal(body.job_id, job.job_id);
      assert.equal(body.cancel_requested, true);
      assert.equal(body.status, 'queued', 'planning has not finished, so the job cannot close yet');

      const fetched = await api.get(job.job_id);
      assert.equal((fetched.body as JobStatusBody).cancel_requested, true);

      const again = await api.cancel(job.job_id);
      assert.equal(again.status, 202, again.text);
      assert.equal((again.body as JobStatusBody).cancel_requested, true);
    }));
});

void describe('error responses', () => {
  let api: { env: TestEnvironment } | undefined;
  before(async () => {
    api = { env: await testEnvironment() };
  });
  after(async () => {
    await api?.env.cleanup();
  });

  const cases: [string, CallOptions & { name: Parameters<typeof call>[1] }][] = [
    ['POST invalid JSON', { name: 'createJob', path: '/jobs', body: '{' }],
    [
      'POST too large',
      { name: 'createJob', path: '/jobs', body: '{}', headers: { 'content-length': '999999' } },
    ],
    ['GET bad id', { name: 'getJob', path: '/jobs/x', params: { jobId: 'x' } }],
    ['GET unknown id', { name: 'getJob', path: '/jobs/u', params: { jobId: randomUUID() } }],
    ['GET list bad limit', { name: 'listJobs', path: '/jobs?limit=0' }],
    ['GET files unknown', { name: 'listJobFiles', path: '/jobs/u/files', params: { jobId: randomUUID() } }],
    ['DELETE unknown', { name: 'cancelJob', path: '/jobs/u', params: { jobId: randomUUID() } }],
  ];
  for (const [label, { name, ...options }] of cases) {
    void test(`${label}: only {error:{code,message[,details]}}, no stack trace`, async () => {
      assert.ok(api);
      const response = await call(api.env.services, name, options);
      assert.ok(response.status >= 400 && response.status < 500, `${response.status}: ${response.text}`);
      const error = assertError(
        response,
        response.status,
        (response.body as { error: { code: string } }).error.code,
      );
      assert.match(error.code, /^[a-z_]+$/);
      assert.equal(response.headers.get('cache-control'), 'no-store');
    });
  }
});
