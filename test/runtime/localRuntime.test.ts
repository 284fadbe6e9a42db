import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LocalRuntime } from '../../src/runtime/localRuntime.js';
import { startTestRuntime } from '../helpers/localRuntime.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../helpers/testServices.js';

/**
 * Refused input, end to end: Node's fetch against the local runtime's real server and handlers, with
 * Azurite behind them. Each refusal must arrive as the API's JSON error, and nothing may be queued.
 */
void describe('local runtime: input that must be refused reaches the client as a JSON error', () => {
  let env: TestEnvironment;
  let runtime: LocalRuntime;
  let source: string;
  before(async () => {
    env = await testEnvironment();
    source = await env.sourceContainer({ 'docs/a.txt': 'Hello.\n' });
    runtime = await startTestRuntime(env);
  });
  after(async () => {
    await runtime.stop();
    await env.cleanup();
  });

  const post = async (body: Uint8Array | string) => {
    const response = await fetch(`${runtime.url}/api/jobs`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });
    return { status: response.status, body: (await response.json()) as { error?: Record<string, unknown> } };
  };
  const jobBody = (prefix: string) =>
    JSON.stringify({
      source_container: source,
      target_container: uniqueName('out'),
      target_languages: ['es'],
      prefix,
    });
  const planned = async () => (await env.services.planQueue.getProperties()).approximateMessagesCount ?? 0;

  void test('a body that is not UTF-8 is a 400 invalid_encoding', async () => {
    const [head, tail] = jobBody('docs/X').split('X') as [string, string];
    const response = await post(Buffer.concat([Buffer.from(head), Buffer.from([0xe9]), Buffer.from(tail)]));
    assert.equal(response.status, 400);
    assert.equal(response.body.error?.code, 'invalid_encoding');
    assert.equal(await planned(), 0);
  });

  void test('"prefix":"\\ud800" is a 400 naming prefix, not a job whose planning fails', async () => {
    const response = await post(jobBody('docs/\ud800'));
    assert.equal(response.status, 400);
    assert.equal(response.body.error?.code, 'invalid_request');
    assert.deepEqual(response.body.error?.details, [
      { field: 'prefix', message: 'is not well-formed Unicode: it holds a lone surrogate (U+D800)' },
    ]);
    assert.equal(await planned(), 0);
  });

  void test('10 MB is answered with the 413 JSON, stating 65,536 bytes, not "fetch failed"', async () => {
    const response = await post(jobBody(`docs/${'p'.repeat(10 * 1024 * 1024)}`));
    assert.equal(response.status, 413);
    assert.deepEqual(response.body, {
      error: {
        code: 'payload_too_large',
        message: 'The request body is over the limit of 65,536 bytes (64 KiB).',
      },
    });
  });
});
