import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { testEnvironment } from '../../helpers/testServices.js';
import { call, httpDefinition } from './harness.js';

const packageVersion = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

void test('health is an anonymous GET on /health', async () => {
  const env = await testEnvironment();
  try {
    const definition = httpDefinition(env.services, 'health');
    assert.equal(definition.route, 'health');
    assert.deepEqual(definition.methods, ['GET']);
    assert.equal(definition.authLevel, 'anonymous');
  } finally {
    await env.cleanup();
  }
});

void test('health reports ok with reachable storage, the pseudo translator and the package version', async () => {
  const env = await testEnvironment();
  try {
    const response = await call(env.services, 'health', { path: '/health' });
    assert.equal(response.status, 200, response.text);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.deepEqual(response.body, {
      status: 'ok',
      version: packageVersion,
      storage: { reachable: true },
      translator: { provider: 'pseudo', configured: true },
    });
  } finally {
    await env.cleanup();
  }
});

void test('health reports degraded with 503 when its storage probe fails', async () => {
  const env = await testEnvironment();
  try {
    await env.services.translationQueue.delete();
    const response = await call(env.services, 'health', { path: '/health' });
    assert.equal(response.status, 503, response.text);
    const body = response.body as {
      status: string;
      version: string;
      storage: { reachable: boolean; error?: string };
      translator: { provider: string };
    };
    assert.equal(body.status, 'degraded');
    assert.equal(body.version, packageVersion);
    assert.equal(body.storage.reachable, false);
    assert.equal(typeof body.storage.error, 'string');
    assert.doesNotMatch(response.text, /\n\s+at /);
    assert.equal(body.translator.provider, 'pseudo');
  } finally {
    await env.cleanup();
  }
});
