import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { listJobFiles } from '../../../src/lib/jobs/listJobFiles.js';
import { settleItem } from '../../../src/lib/worker/settleItem.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';
import { drainQueue, planFully, submitJob } from '../../helpers/jobs.js';

void describe('GET /api/jobs/{id}/files status filters', () => {
  let env: TestEnvironment;
  before(async () => {
    env = await testEnvironment();
  });
  after(async () => env.cleanup());

  void test('queued lists items without an outcome; the other statuses list what happened', async () => {
    const source = await env.sourceContainer({ 'a.txt': 'A', 'b.txt': 'B', 'c.txt': 'C', 'd.png': 'x' });
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'es',
    });
    await planFully(env.services);
    const paths = async (status?: string) =>
      (await listJobFiles(env.services, job.job_id, { status: status ?? null })).files
        .map((f) => f.source_path)
        .sort();

    assert.deepEqual(await paths('queued'), ['a.txt', 'b.txt', 'c.txt', 'd.png']);
    const messages = (await drainQueue(env.services.translationQueue)) as { source_path: string }[];
    for (const message of messages.filter((m) => m.source_path !== 'c.txt')) {
      await settleItem(env.services, message, { number: 1 });
    }
    assert.deepEqual(await paths('queued'), ['c.txt']);
    assert.deepEqual(await paths('succeeded'), ['a.txt', 'b.txt']);
    assert.deepEqual(await paths('failed'), ['d.png']);
    assert.deepEqual(await paths('cancelled'), []);
    assert.deepEqual(await paths(), ['a.txt', 'b.txt', 'c.txt', 'd.png']);
    const queued = (await listJobFiles(env.services, job.job_id, { status: 'queued' })).files[0];
    assert.deepEqual(queued && { ...queued, updated_at: null }, {
      source_path: 'c.txt',
      target_language: 'es',
      target_path: 'es/c.txt',
      status: 'queued',
      error: null,
      characters_charged: 0,
      segments: null,
      segments_reused: null,
      edits_kept: null,
      cache: null,
      detected_language: null,
      glossary_terms_found: null,
      glossary_misses: null,
      attempts: 0,
      updated_at: null,
      estimate: null,
    });
  });
});
