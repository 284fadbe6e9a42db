import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import functions from '@azure/functions';
import { readFileSync } from 'node:fs';

/**
 * The host loads package.json "main" and sees only what index.ts registers. Outside the host the SDK skips
 * registration, so record the calls instead and check they match the declared definitions.
 */
void describe('host entry point (src/functions/index.ts)', () => {
  void test('registers every HTTP route and queue trigger with host binding expressions', async () => {
    const http: { name: string; options: Record<string, unknown> }[] = [];
    const queues: { name: string; options: Record<string, unknown> }[] = [];
    const app = functions.app as unknown as Record<string, unknown>;
    const original = { http: app.http, storageQueue: app.storageQueue };
    app.http = (name: string, options: Record<string, unknown>) => http.push({ name, options });
    app.storageQueue = (name: string, options: Record<string, unknown>) => queues.push({ name, options });
    try {
      await import('../../src/functions/index.js');
    } finally {
      Object.assign(app, original);
    }
    const routes = http.map(({ name, options }) => [name, options.route, options.methods, options.authLevel]);
    assert.deepEqual(routes, [
      ['createJob', 'jobs', ['POST'], 'function'],
      ['listJobs', 'jobs', ['GET'], 'function'],
      ['getJob', 'jobs/{jobId}', ['GET'], 'function'],
      ['cancelJob', 'jobs/{jobId}', ['DELETE'], 'function'],
      ['listJobFiles', 'jobs/{jobId}/files', ['GET'], 'function'],
      ['health', 'health', ['GET'], 'anonymous'],
    ]);
    assert.deepEqual(
      queues.map(({ name, options }) => [name, options.queueName, options.connection]),
      [
        ['planJob', '%PLAN_QUEUE%', 'AzureWebJobsStorage'],
        ['planJobPoison', '%PLAN_QUEUE%-poison', 'AzureWebJobsStorage'],
        ['translateFile', '%TRANSLATION_QUEUE%', 'AzureWebJobsStorage'],
        ['translateFilePoison', '%TRANSLATION_QUEUE%-poison', 'AzureWebJobsStorage'],
      ],
    );
    for (const registration of [...http, ...queues])
      assert.equal(typeof registration.options.handler, 'function');
  });

  void test('package.json "main" points at the compiled entry point of this file', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { main: string };
    assert.equal(pkg.main, 'dist/src/functions/index.js');
  });
});
