import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { listJobFiles } from '../../../src/lib/jobs/listJobFiles.js';
import type { LanguageEstimateBody } from '../../../src/lib/jobs/estimateBody.js';
import type { FileStatusBody } from '../../../src/lib/jobs/jobStatusBody.js';
import { runJobInProcess } from '../../helpers/jobs.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';

const MIXED: Record<string, string> = {
  'guide.md':
    '# Getting started\n\nInstall the tool with `npm install`. Then run it.\n\n- One item\n- Two items\n',
  'notes.txt': 'Plain text, first paragraph.\n\nSecond paragraph, a little longer than the first one.\n',
  'strings.json': JSON.stringify({ greeting: 'Hello {name}!', farewell: 'Goodbye.', count: 3 }),
  'app.po':
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Open file"\nmsgstr ""\n',
  'page.html': '<html><body><h1>Title</h1><p>Some <b>bold</b> text here.</p><pre>code();</pre></body></html>',
  'numbers.txt': '12345 67890\n',
};

async function allFiles(env: TestEnvironment, jobId: string): Promise<FileStatusBody[]> {
  return (await listJobFiles(env.services, jobId, { limit: '1000' })).files;
}

void describe('dry run: an estimate that the real run then charges', () => {
  let env: TestEnvironment;
  beforeEach(async () => {
    env = await testEnvironment({ PRICE_PER_MILLION_CHARACTERS: '10' });
  });
  afterEach(() => env.cleanup());

  void test('ends estimated, writes nothing, and equals what the pseudo provider then charges per language', async () => {
    const source = await env.sourceContainer(MIXED);
    const target = uniqueName('out');
    const request = { source_container: source, target_container: target, target_languages: ['es', 'fr'] };

    const estimated = await runJobInProcess(env.services, { ...request, dry_run: true });
    assert.equal(estimated.status, 'estimated');
    assert.equal(estimated.dry_run, true);
    assert.equal(estimated.characters_charged, 0);
    assert.equal(
      await env.services.storage.blobs.getContainerClient(target).exists(),
      false,
      'a dry run writes nothing, not even the target container',
    );
    const estimate = estimated.estimate;
    assert.ok(estimate);
    assert.equal(estimate.price_per_million_characters, 10);
    const files = await allFiles(env, estimated.job_id);
    assert.equal(files.length, 12);
    for (const file of files) {
      assert.equal(file.status, 'succeeded');
      assert.ok(file.estimate, `${file.source_path} has an estimate`);
    }
    const numbers = files.find((f) => f.source_path === 'numbers.txt');
    assert.deepEqual(numbers?.estimate, { segments: 0, characters: 0, cost: 0, unmeasured: false });

    const real = await runJobInProcess(env.services, request);
    assert.equal(real.status, 'completed');
    const realFiles = await allFiles(env, real.job_id);
    for (const language of ['es', 'fr']) {
      const charged = realFiles
        .filter((f) => f.target_language === language)
        .reduce((n, f) => n + f.characters_charged, 0);
      const predicted: LanguageEstimateBody | undefined = estimate.by_language[language];
      assert.ok(predicted);
      assert.equal(predicted.files, 6);
      assert.ok(predicted.segments > 0);
      assert.ok(charged > 0);
      assert.ok(
        Math.abs(predicted.characters - charged) <= charged * 0.01,
        `${language}: estimated ${predicted.characters}, charged ${charged}`,
      );
      assert.equal(predicted.cost, Math.round(predicted.characters * 10) / 1e6);
    }
    assert.equal(estimate.total.characters, real.characters_charged);
    // Per file too: the estimate of each file is what its translation was charged.
    for (const file of files) {
      const translated = realFiles.find(
        (f) => f.source_path === file.source_path && f.target_language === file.target_language,
      );
      assert.equal(file.estimate?.characters, translated?.characters_charged, file.source_path);
    }
  });

  void test('outputs the translation cache would reuse are estimated at nothing', async () => {
    const source = await env.sourceContainer({
      'a.txt': 'Hello there.\n',
      'b.md': '# Title\n\nBody text.\n',
    });
    const target = uniqueName('out');
    const request = { source_container: source, target_container: target, target_language: 'es' };
    const real = await runJobInProcess(env.services, request);
    assert.equal(real.status, 'completed');
    assert.ok(real.characters_charged > 0);

    const again = await runJobInProcess(env.services, { ...request, dry_run: true });
    assert.equal(again.status, 'estimated');
    assert.deepEqual(again.estimate?.by_language.es, {
      files: 2,
      segments: 0,
      characters: 0,
      unmeasured_files: 0,
      cost: 0,
    });
    for (const file of await allFiles(env, again.job_id)) assert.equal(file.cache, 'kept');
  });

  void test('files the real run would fail fail the dry run too; the job still ends estimated', async () => {
    const source = await env.sourceContainer({ 'ok.txt': 'Fine text.\n', 'image.bin': 'not text' });
    const status = await runJobInProcess(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'es',
      dry_run: true,
    });
    assert.equal(status.status, 'estimated');
    assert.equal(status.failed_files, 1);
    assert.equal(status.succeeded_files, 1);
    assert.equal(status.estimate?.by_language.es?.files, 1);
    const failed = (await allFiles(env, status.job_id)).find((f) => f.status === 'failed');
    assert.equal(failed?.error?.code, 'unsupported_format');
  });
});
