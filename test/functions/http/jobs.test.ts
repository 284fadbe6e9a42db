import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { JobStatusBody } from '../../../src/lib/jobs/jobStatusBody.js';
import { decodeMessage } from '../../../src/lib/storage/messageCodec.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';
import { assertError, call, type ApiResponse, type CallOptions } from './harness.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

interface Api {
  env: TestEnvironment;
  source: string;
  /** A fresh target container name, deleted at the end of the test. */
  target(): string;
  post(body: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
  get(jobId: string): Promise<ApiResponse>;
  list(query?: string): Promise<ApiResponse>;
  files(jobId: string, query?: string): Promise<ApiResponse>;
  cancel(jobId: string): Promise<ApiResponse>;
  /** A valid request body for the source container. */
  request(extra?: Record<string, unknown>): Record<string, unknown>;
  /** Creates a job and returns its status body. */
  create(extra?: Record<string, unknown>): Promise<JobStatusBody>;
}

/** Each test gets its own queues, table and containers, removed afterwards. */
async function withApi(run: (api: Api) => Promise<void>): Promise<void> {
  const env = await testEnvironment();
  const targets: string[] = [];
  const s = env.services;
  try {
    const source = await env.sourceContainer({ 'docs/a.md': '# A', 'docs/b.txt': 'B' });
    const target = () => {
      const name = uniqueName('out');
      targets.push(name);
      return name;
    };
    const api: Api = {
      env,
      source,
      target,
      post: (body, headers = {}) =>
        call(s, 'createJob', {
          path: '/jobs',
          body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
          headers: { 'content-type': 'application/json', ...headers },
        }),
      get: (jobId) => call(s, 'getJob', { path: `/jobs/${jobId}`, params: { jobId } }),
      list: (query = '') => call(s, 'listJobs', { path: `/jobs${query}` }),
      files: (jobId, query = '') =>
        call(s, 'listJobFiles', { path: `/jobs/${jobId}/files${query}`, params: { jobId } }),
      cancel: (jobId) => call(s, 'cancelJob', { path: `/jobs/${jobId}`, params: { jobId } }),
      request: (extra = {}) => ({
        source_container: source,
        target_container: target(),
        target_languages: ['fr', 'de'],
        ...extra,
      }),
      async create(extra = {}) {
        const response = await api.post(api.request(extra));
        assert.equal(response.status, 202, response.text);
        return response.body as JobStatusBody;
      },
    };
    await run(api);
  } finally {
    await Promise.allSettled(targets.map((t) => s.storage.blobs.getContainerClient(t).deleteIfExists()));
    await env.cleanup();
  }
}

/** The plan messages waiting, without their per-message token (random, checked where it matters). */
async function planMessages(api: Api): Promise<unknown[]> {
  const peeked = await api.env.services.planQueue.peekMessages({ numberOfMessages: 32 });
  return peeked.peekedMessageItems.map((m) => {
    const { token, ...rest } = decodeMessage(m.messageText) as { token?: unknown };
    assert.equal(typeof token, 'string');
    return rest;
  });
}

void describe('POST /api/jobs', () => {
  void test('a valid request is accepted with 202, a Location header and the queued status', () =>
    withApi(async (api) => {
      const request = api.request({ source_language: 'en', prefix: 'docs/', extensions: ['MD', 'txt'] });
      const response = await api.post(request);
      assert.equal(response.status, 202, response.text);
      const body = response.body as JobStatusBody;
      assert.match(body.job_id, UUID);
      assert.equal(response.headers.get('location'), `/api/jobs/${body.job_id}`);
      assert.equal(response.headers.get('idempotent-replayed'), null);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
      assert.deepEqual(
        { ...body, created_at: undefined, updated_at: undefined },
        {
          job_id: body.job_id,
          status: 'queued',
          mode: 'queue',
          total_files: 0,
          processed_files: 0,
          succeeded_files: 0,
          failed_files: 0,
          cancelled_files: 0,
          characters_charged: 0,
          characters_saved: 0,
          source_container: api.source,
          target_container: request.target_container,
          target_languages: ['fr', 'de'],
          source_language: 'en',
          prefix: 'docs/',
          extensions: ['.md', '.txt'],
          glossary_terms: null,
          glossary_blob: null,
          translation_memory_blob: null,
          no_translate: [],
          outputs_missing: null,
          mark_as_draft: false,
          overwrite_edits: false,
          planning_complete: false,
          cancel_requested: false,
          retry_round: 0,
          created_at: undefined,
          updated_at: undefined,
          completed_at: null,
          error: null,
          callback: null,
          dry_run: false,
          max_characters: null,
          estimate: null,
        },
      );
      assert.match(body.created_at, ISO_TIME);
      assert.match(body.updated_at, ISO_TIME);
    }));

  void test('the job is stored, its target container created and one plan message queued', () =>
    withApi(async (api) => {
      const request = api.request();
      const response = await api.post(request);
      assert.equal(response.status, 202, response.text);
      const created = response.body as JobStatusBody;
      const fetched = await api.get(created.job_id);
      assert.equal(fetched.status, 200, fetched.text);
      assert.deepEqual(fetched.body, created);
      const targetExists = await api.env.services.storage.blobs
        .getContainerClient(request.target_container as string)
        .exists();
      assert.equal(targetExists, true);
      assert.deepEqual(await planMessages(api), [{ kind: 'plan', job_id: created.job_id }]);
    }));

  void test('the single target_language form is accepted', () =>
    withApi(async (api) => {
      const request = api.request({ target_language: 'es' });
      delete request.target_languages;
      const response = await api.post(request);
      assert.equal(response.status, 202, response.text);
      assert.deepEqual((response.body as JobStatusBody).target_languages, ['es']);
      assert.equal((response.body as JobStatusBody).extensions, null);
      assert.equal((response.body as JobStatusBody).source_language, null);
    }));

  void test('a source container that does not exist is a 400 source_container_not_found, and no job is made', () =>
    withApi(async (api) => {
      const missing = uniqueName('missing');
      const response = await api.post(api.request({ source_container: missing }));
      const error = assertError(response, 400, 'source_container_not_found');
      assert.match(error.message, new RegExp(missing));
      const list = await api.list();
      assert.equal(list.status, 200, list.text);
      assert.deepEqual((list.body as { jobs: unknown[] }).jobs, []);
      assert.deepEqual(await planMessages(api), []);
    }));

  void test('invalid JSON is a 400 invalid_json', () =>
    withApi(async (api) => {
      assertError(await api.post('{"source_container": '), 400, 'invalid_json');
      assertError(await api.post('not json'), 400, 'invalid_json');
    }));

  void test('an empty body is a 400 invalid_json', () =>
    withApi(async (api) => {
      assertError(await call(api.env.services, 'createJob', { path: '/jobs' }), 400, 'invalid_json');
      assertError(await api.post(''), 400, 'invalid_json');
    }));

  void test('a JSON body that is not an object is a 400 invalid_request', () =>
    withApi(async (api) => {
      for (const body of ['[]', 'null', '"text"', '12']) {
        assertError(await api.post(body), 400, 'invalid_request');
      }
    }));

  void test('an unknown field is a 400 invalid_request naming the field', () =>
    withApi(async (api) => {
      const error = assertError(await api.post(api.request({ overwrite: true })), 400, 'invalid_request');
      assert.match(JSON.stringify(error.details), /overwrite/);
      assert.match(error.message, /overwrite/);
    }));

  void test('an invalid field is a 400 invalid_request with details', () =>
    withApi(async (api) => {
      const error = assertError(
        await api.post(api.request({ target_container: 'Bad_Name' })),
        400,
        'invalid_request',
      );
      assert.match(JSON.stringify(error.details), /target_container/);
    }));

  void test('a declared Content-Length over 65536 is a 413 before the body is read', () =>
    withApi(async (api) => {
      const response = await api.post(api.request(), { 'content-length': '65537' });
      assertError(response, 413, 'payload_too_large');
      assert.deepEqual(await planMessages(api), []);
    }));

  void test('a Content-Length of exactly 65536 is not rejected for its size', () =>
    withApi(async (api) => {
      const body = JSON.stringify(api.request());
      const response = await api.post(body.padEnd(65536, ' '), { 'content-length': '65536' });
      assert.equal(response.status, 202, response.text);
    }));

  void test('a body over 64 KiB without a Content-Length is a 413', () =>
    withApi(async (api) => {
      const response = await api.post(api.request({ prefix: 'p'.repeat(70_000) }));
      assertError(response, 413, 'payload_too_large');
    }));

  void test('a 413 states the documented limit in bytes', () =>
    withApi(async (api) => {
      const error = assertError(
        await api.post(api.request({ prefix: 'p'.repeat(70_000) })),
        413,
        'payload_too_large',
      );
      assert.match(error.message, /65,536 bytes \(64 KiB\)/);
    }));

  void test('a body that is not valid UTF-8 is a 400 invalid_encoding, not read with U+FFFD', () =>
    withApi(async (api) => {
      const json = JSON.stringify(api.request({ prefix: 'docs/PLACEHOLDER' }));
      const [before, after] = json.split('PLACEHOLDER') as [string, string];
      // "é" in Latin-1: one byte 0xE9, which UTF-8 never has on its own.
      const latin1 = Buffer.concat([Buffer.from(before), Buffer.from([0xe9]), Buffer.from(after)]);
      const error = assertError(await api.post(latin1), 400, 'invalid_encoding');
      assert.match(error.message, /not valid UTF-8/);
      assert.match(error.message, new RegExp(`byte ${Buffer.byteLength(before)}\\b`));
      assert.deepEqual(await planMessages(api), []);
    }));

  void test('a lone surrogate escaped in the JSON is a 400 invalid_request naming the field', () =>
    withApi(async (api) => {
      const body = JSON.stringify(api.request({ prefix: 'docs/\ud800' }));
      assert.ok(body.includes('\\ud800'), 'sent as the JSON escape, which is valid UTF-8');
      const error = assertError(await api.post(body), 400, 'invalid_request');
      assert.deepEqual(error.details, [
        { field: 'prefix', message: 'is not well-formed Unicode: it holds a lone surrogate (U+D800)' },
      ]);
      assert.deepEqual(await planMessages(api), []);
    }));

  void test('the same Idempotency-Key and body give the same job, marked Idempotent-Replayed', () =>
    withApi(async (api) => {
      const request = api.request();
      const key = `key-${randomUUID()}`;
      const first = await api.post(request, { 'idempotency-key': key });
      assert.equal(first.status, 202, first.text);
      assert.equal(first.headers.get('idempotent-replayed'), null);
      const second = await api.post(request, { 'idempotency-key': key });
      assert.equal(second.status, 202, second.text);
      assert.equal(second.headers.get('idempotent-replayed'), 'true');
      const jobId = (first.body as JobStatusBody).job_id;
      assert.equal((second.body as JobStatusBody).job_id, jobId);
      assert.equal(second.headers.get('location'), `/api/jobs/${jobId}`);
      const list = await api.list();
      assert.deepEqual(
        (list.body as { jobs: JobStatusBody[] }).jobs.map((j) => j.job_id),
        [jobId],
      );
    }));

  void test('the same Idempotency-Key with a different body is a 409 idempotency_key_reused', () =>
    withApi(async (api) => {
      const key = `key-${randomUUID()}`;
      const first = await api.post(api.request(), { 'idempotency-key': key });
      assert.equal(first.status, 202, first.text);
      const reused = await api.post(api.request({ target_languages: ['it'] }), { 'idempotency-key': key });
      assertError(reused, 409, 'idempotency_key_reused');
      const list = await api.list();
      assert.equal((list.body as { jobs: unknown[] }).jobs.length, 1);
    }));

  void test('a request rejected for its source container does not use up its Idempotency-Key', () =>
    withApi(async (api) => {
      const key = uniqueName('key-');
      const wrong = await api.post(api.request({ source_container: uniqueName('missing') }), {
        'idempotency-key': key,
      });
      assertError(wrong, 400, 'source_container_not_found');
      const corrected = await api.post(api.request(), { 'idempotency-key': key });
      assert.equal(corrected.status, 202, corrected.text);
      assert.equal(corrected.headers.get('idempotent-replayed'), null);
    }));

  void test('concurrent requests with one Idempotency-Key all get the same job, created once', () =>
    withApi(async (api) => {
      const jobIds: string[] = [];
      for (let round = 0; round < 5; round++) {
        const request = api.request();
        const key = `race-${round}-${randomUUID()}`;
        const responses = await Promise.all(
          [1, 2, 3, 4].map(() => api.post(request, { 'idempotency-key': key })),
        );
        for (const response of responses) assert.equal(response.status, 202, response.text);
        const ids = new Set(responses.map((r) => (r.body as JobStatusBody).job_id));
        assert.equal(ids.size, 1, `round ${round}: ${[...ids].join(', ')}`);
        const fresh = responses.filter((r) => r.headers.get('idempotent-replayed') === null);
        assert.equal(fresh.length, 1, `round ${round}: exactly one response creates the job`);
        jobIds.push((responses[0]?.body as JobStatusBody).job_id);
      }
      const list = await api.list();
      assert.deepEqual(
        (list.body as { jobs: JobStatusBody[] }).jobs.map((j) => j.job_id).sort(),
        [...jobIds].sort(),
      );
    }));

  void test('different Idempotency-Keys give different jobs', () =>
    withApi(async (api) => {
      const request = api.request();
      const a = await api.post(request, { 'idempotency-key': `a-${randomUUID()}` });
      const b = await api.post(request, { 'idempotency-key': `b-${randomUUID()}` });
      assert.equal(a.status, 202, a.text);
      assert.equal(b.status, 202, b.text);
      assert.notEqual((a.body as JobStatusBody).job_id, (b.body as JobStatusBody).job_id);
    }));

  void test('a malformed Idempotency-Key is a 400 invalid_idempotency_key', () =>
    withApi(async (api) => {
      assertError(
        await api.post(api.request(), { 'idempotency-key': 'has space' }),
        400,
        'invalid_idempotency_key',
      );
      assertError(
        await api.post(api.request(), { 'idempotency-key': 'k'.repeat(256) }),
        400,
        'invalid_idempotency_key',
      );
    }));
});

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
