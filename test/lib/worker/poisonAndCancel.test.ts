import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LocalRuntime } from '../../../src/runtime/localRuntime.js';
import { cancelJob } from '../../../src/lib/jobs/cancelJob.js';
import { listJobFiles } from '../../../src/lib/jobs/listJobFiles.js';
import { PseudoTranslator } from '../../../src/lib/translation/pseudoTranslator.js';
import { testEnvironment, uniqueName, waitUntil, type TestEnvironment } from '../../helpers/testServices.js';
import { startTestRuntime } from '../../helpers/localRuntime.js';
import { FaultyTranslator } from '../../helpers/faultyTranslator.js';
import { countBlobs, jobStatus, submitJob, waitForTerminal } from '../../helpers/jobs.js';

describe('worker failure paths through the local runtime', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function runtimeWith(env: TestEnvironment): Promise<LocalRuntime> {
    const runtime = await startTestRuntime(env, { maxDequeueCount: 3 });
    cleanups.push(
      () => runtime.stop(),
      () => env.cleanup(),
    );
    return runtime;
  }

  test('an item that always fails ends in the poison queue, is marked failed, and the job still ends', async () => {
    const translator = new FaultyTranslator((segment) => segment.includes('POISON'));
    const env = await testEnvironment({}, { translator });
    await runtimeWith(env);
    const source = await env.sourceContainer({
      'a.txt': 'fine',
      'b.txt': 'also fine',
      'nested/bad.txt': 'this one is POISON',
      'missing-later.txt': 'deleted before it is read',
      'image.png': 'not really a png',
      'latin1.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9]),
    });
    await env.services.storage.blobs.getContainerClient(source).getBlobClient('missing-later.txt').delete();
    const target = uniqueName('out');
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: target,
      target_language: 'fr',
    });
    const final = await waitForTerminal(env.services, job.job_id);

    assert.equal(final.status, 'completed_with_errors');
    assert.equal(final.total_files, 5);
    assert.equal(final.succeeded_files, 2);
    assert.equal(final.failed_files, 3);
    assert.equal(final.processed_files, 5);

    const failed = await listJobFiles(env.services, job.job_id, { status: 'failed' });
    const byPath = Object.fromEntries(failed.files.map((f) => [f.source_path, f]));
    assert.equal(byPath['nested/bad.txt']?.error?.code, 'retries_exhausted');
    assert.match(
      byPath['nested/bad.txt']?.error?.message ?? '',
      /after 3 attempts.*500 Internal Server Error/,
    );
    assert.equal(byPath['nested/bad.txt']?.attempts, 3);
    assert.equal(byPath['image.png']?.error?.code, 'unsupported_format');
    assert.equal(byPath['image.png']?.attempts, 1, 'permanent errors are not retried');
    assert.equal(byPath['latin1.txt']?.error?.code, 'invalid_encoding');
    assert.equal(translator.calls, 2 + 3, 'two good files once, the poison file three times');

    // The poison message was consumed by its handler, not left behind.
    const poison = env.services.storage.queue(env.config.translationPoisonQueue);
    assert.equal((await poison.peekMessages()).peekedMessageItems.length, 0);
    assert.deepEqual((await countBlobs(env.services, target)).sort(), ['fr/a.txt', 'fr/b.txt']);
  });

  test('a source blob deleted after planning fails permanently with source_not_found', async () => {
    const env = await testEnvironment({ PSEUDO_LATENCY_MS: '0' });
    const source = await env.sourceContainer({ 'gone.txt': 'soon deleted', 'kept.txt': 'stays' });
    const target = uniqueName('out');
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: target,
      target_language: 'it',
    });
    // Plan before deleting, so the message exists for a blob that no longer does.
    const { planFully } = await import('../../helpers/jobs.js');
    await planFully(env.services);
    await env.services.storage.blobs.getContainerClient(source).getBlobClient('gone.txt').delete();
    await runtimeWith(env);
    const final = await waitForTerminal(env.services, job.job_id);
    assert.equal(final.status, 'completed_with_errors');
    const files = await listJobFiles(env.services, job.job_id, { status: 'failed' });
    assert.deepEqual(
      files.files.map((f) => [f.source_path, f.error?.code, f.attempts]),
      [['gone.txt', 'source_not_found', 1]],
    );
  });

  test('cancel mid-job: remaining items are counted cancelled, finished outputs stay, counts add up', async () => {
    const env = await testEnvironment({}, { translator: new PseudoTranslator(200) });
    await runtimeWith(env);
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`part-${i}.txt`] = `Paragraph ${i}`;
    const source = await env.sourceContainer(files);
    const target = uniqueName('out');
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: target,
      target_languages: ['es'],
    });
    await waitUntil(
      async () => {
        const s = await jobStatus(env.services, job.job_id);
        return s.succeeded_files >= 5 ? s : undefined;
      },
      { what: 'first outputs' },
    );
    const cancelled = await cancelJob(env.services, job.job_id);
    assert.equal(cancelled.cancel_requested, true);
    const final = await waitForTerminal(env.services, job.job_id);
    assert.equal(final.status, 'cancelled');
    assert.equal(final.total_files, 300);
    assert.equal(final.processed_files, 300);
    assert.equal(final.succeeded_files + final.cancelled_files, 300);
    assert.equal(final.failed_files, 0);
    assert.ok(final.cancelled_files > 0, 'some items were skipped');
    assert.ok(final.succeeded_files >= 5, 'finished items keep their outcome');
    assert.equal(
      (await countBlobs(env.services, target)).length,
      final.succeeded_files,
      'outputs exist exactly for succeeded items',
    );
    const skipped = await listJobFiles(env.services, job.job_id, { status: 'cancelled', limit: '1' });
    assert.equal(skipped.files[0]?.error?.code, 'job_cancelled');
    const again = await cancelJob(env.services, job.job_id);
    assert.equal(again.status, 'cancelled', 'cancelling a cancelled job is a no-op');
    assert.equal(again.cancelled_files, final.cancelled_files);
  });
});
