import assert from 'node:assert/strict';
import type { JobStatusBody } from '../../../src/lib/jobs/jobStatusBody.js';
import { decodeMessage } from '../../../src/lib/storage/messageCodec.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';
import { call, type ApiResponse } from './harness.js';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

export interface Api {
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
export async function withApi(run: (api: Api) => Promise<void>): Promise<void> {
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
export async function planMessages(api: Api): Promise<unknown[]> {
  const peeked = await api.env.services.planQueue.peekMessages({ numberOfMessages: 32 });
  return peeked.peekedMessageItems.map((m) => {
    const { token, ...rest } = decodeMessage(m.messageText) as { token?: unknown };
    assert.equal(typeof token, 'string');
    return rest;
  });
}
