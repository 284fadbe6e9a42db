import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { JobStatusBody } from '../../../src/lib/jobs/jobStatusBody.js';
import { uniqueName } from '../../helpers/testServices.js';
import { assertError, call } from './harness.js';
import { ISO_TIME, UUID, planMessages, withApi } from './jobsApi.js';

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
