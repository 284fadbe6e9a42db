/**
 * Calls the HTTP handlers exactly as declared in definitions.ts, with the SDK's own request and response
 * classes, against the services of a test environment (real Azurite).
 */
import assert from 'node:assert/strict';
import {
  defineFunctions,
  type DefineOptions,
  type HttpFunctionDefinition,
  type HttpMethod,
} from '../../../src/functions/definitions.js';
import { HttpRequest, HttpResponse, InvocationContext } from '../../../src/functions/sdk.js';
import type { Services } from '../../../src/lib/services.js';

export interface CallOptions {
  /** Path after /api, e.g. `/jobs/123`; the query string may be included. */
  path?: string;
  params?: Record<string, string>;
  headers?: Record<string, string>;
  /** Text is sent as UTF-8; bytes as they are, for bodies that are not UTF-8. */
  body?: string | Uint8Array;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: unknown;
  /** The raw body text, for checks that must not depend on JSON structure. */
  text: string;
}

export type HttpFunctionName =
  'createJob' | 'listJobs' | 'getJob' | 'cancelJob' | 'retryJob' | 'listJobFiles' | 'health';

/** `define` as the host entry point passes it (a durable client); the default is the local runtime's. */
export function httpDefinition(
  services: Services,
  name: HttpFunctionName,
  define: DefineOptions = {},
): HttpFunctionDefinition {
  const definition = defineFunctions(() => services, define).find(
    (d): d is HttpFunctionDefinition => d.kind === 'http' && d.name === name,
  );
  assert.ok(definition, `no HTTP function named ${name}`);
  return definition;
}

export async function call(
  services: Services,
  name: HttpFunctionName,
  options: CallOptions = {},
  define: DefineOptions = {},
): Promise<ApiResponse> {
  const definition = httpDefinition(services, name, define);
  const method: HttpMethod = definition.methods[0] ?? 'GET';
  const path = options.path ?? `/${definition.route}`;
  const request = new HttpRequest({
    method,
    url: `http://localhost/api${path}`,
    headers: options.headers ?? {},
    ...(options.body === undefined
      ? {}
      : { body: typeof options.body === 'string' ? { string: options.body } : { bytes: options.body } }),
    params: options.params ?? {},
  });
  const init = await definition.handler(request, new InvocationContext({ functionName: name }));
  const response = new HttpResponse(init);
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? undefined : JSON.parse(text),
    text,
  };
}

/** Text that only a stack trace or an internal error would put in a response. */
const STACK_TRACE = /\n\s+at |\bat [\w.<>]+ \(|\.[cm]?[jt]s:\d+|node:internal|node_modules/;

/** Asserts the response is `{"error":{code,message[,details]}}` with the given status and code. */
export function assertError(
  response: ApiResponse,
  status: number,
  code: string,
): { code: string; message: string; details?: unknown } {
  assert.equal(
    response.status,
    status,
    `expected ${status} ${code}, got ${response.status}: ${response.text}`,
  );
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  const body = response.body as Record<string, unknown>;
  assert.equal(typeof body, 'object');
  assert.notEqual(body, null);
  assert.deepEqual(Object.keys(body), ['error']);
  const error = body.error as Record<string, unknown>;
  assert.equal(typeof error, 'object');
  assert.notEqual(error, null);
  const keys = Object.keys(error).sort();
  assert.ok(
    JSON.stringify(keys) === '["code","message"]' || JSON.stringify(keys) === '["code","details","message"]',
    `unexpected error keys ${JSON.stringify(keys)}`,
  );
  assert.equal(error.code, code);
  assert.equal(typeof error.message, 'string');
  assert.ok((error.message as string).length > 0);
  assert.doesNotMatch(response.text, STACK_TRACE);
  return error as { code: string; message: string; details?: unknown };
}
