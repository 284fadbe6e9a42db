import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { listJobFiles } from '../../../src/lib/jobs/listJobFiles.js';
import { readSegmentMap } from '../../../src/lib/memory/segmentMap.js';
import { readBlobText } from '../../helpers/jobs.js';
import { jsonFile, poFile, RenamableTranslator, SMALL, spanishJobs } from '../../helpers/memoryFiles.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';

void describe('segment memory: reuse, invalidation, kept edits', () => {
  let env: TestEnvironment;
  const translator = new RenamableTranslator();
  before(async () => {
    env = await testEnvironment({}, { translator, itemLimits: SMALL });
  });
  after(() => env.cleanup());

  const { put, run } = spanishJobs(() => env);
  const onlyFile = async (jobId: string) => {
    const files = await listJobFiles(env.services, jobId, {});
    assert.equal(files.files.length, 1);
    return files.files[0]!;
  };

  void test('a re-run after editing 1% of a JSON file charges only the changed segments', async () => {
    const source = await env.sourceContainer({ 'app.json': jsonFile(200) });
    const target = uniqueName('out');
    const first = await run(source, target);
    assert.equal(first.succeeded_files, 1);
    assert.ok(first.characters_charged > 0);
    const firstFile = await onlyFile(first.job_id);
    assert.deepEqual([firstFile.segments, firstFile.segments_reused, firstFile.edits_kept], [200, 0, 0]);

    await put(
      source,
      'app.json',
      jsonFile(200, (i) => (i % 100 === 7 ? ' today' : '')),
    );
    translator.sent = [];
    const second = await run(source, target);
    assert.equal(second.succeeded_files, 1);
    assert.deepEqual(translator.sent, [
      'Message number 7 for the user today.',
      'Message number 107 for the user today.',
    ]);
    assert.equal(second.characters_charged, translator.sent.join('').length);
    assert.ok(second.characters_charged <= first.characters_charged * 0.02);
    assert.equal(
      second.characters_saved,
      first.characters_charged -
        'Message number 7 for the user.'.length -
        'Message number 107 for the user.'.length,
    );
    const secondFile = await onlyFile(second.job_id);
    assert.deepEqual([secondFile.segments, secondFile.segments_reused, secondFile.edits_kept], [200, 198, 0]);
    // The output is the same as translating the whole file afresh.
    const fresh = uniqueName('out');
    const again = await env.sourceContainer({
      'other.json': jsonFile(200, (i) => (i % 100 === 7 ? ' today' : '')),
    });
    await run(again, fresh);
    assert.equal(
      await readBlobText(env.services, target, 'es/app.json'),
      await readBlobText(env.services, fresh, 'es/other.json'),
    );
  });

  void test('a dry run estimates only what the memory lacks, and writes no map', async () => {
    const source = await env.sourceContainer({ 'app.json': jsonFile(50) });
    const target = uniqueName('out');
    await run(source, target);
    await put(
      source,
      'app.json',
      jsonFile(50, (i) => (i === 4 ? ' soon' : '')),
    );
    const estimate = await run(source, target, { dry_run: true });
    assert.equal(estimate.status, 'estimated');
    assert.equal(estimate.estimate?.total.segments, 1);
    assert.equal(estimate.estimate?.total.characters, 'Message number 4 for the user soon.'.length);
    // The real run charges exactly what the dry run said.
    const real = await run(source, target);
    assert.equal(real.characters_charged, estimate.estimate?.total.characters);
  });

  void test('a memory container deleted while the app runs is created again by the next map write', async () => {
    const memory = env.services.storage.blobs.getContainerClient(env.config.memory.container);
    await memory.delete();
    const source = await env.sourceContainer({ 'app.json': jsonFile(3) });
    const status = await run(source, uniqueName('out'));
    assert.equal(status.succeeded_files, 1);
    const map = await readSegmentMap(memory, {
      sourceContainer: source,
      sourcePath: 'app.json',
      targetLanguage: 'es',
    });
    assert.equal(map?.entries.length, 3);
  });

  void test('a changed glossary or provider invalidates the memory', async () => {
    const source = await env.sourceContainer({ 'app.json': jsonFile(20) });
    const target = uniqueName('out');
    const first = await run(source, target);
    await put(
      source,
      'app.json',
      jsonFile(20, (i) => (i === 0 ? '!' : '')),
    );
    const glossary = await run(source, target, { glossary: { es: { catalogue: 'catálogo' } } });
    assert.equal((await onlyFile(glossary.job_id)).segments_reused, 0);
    assert.ok(glossary.characters_charged >= first.characters_charged);

    await put(
      source,
      'app.json',
      jsonFile(20, (i) => (i === 1 ? '!' : '')),
    );
    translator.name = 'pseudo-v2';
    try {
      const provider = await run(source, target);
      assert.equal((await onlyFile(provider.job_id)).segments_reused, 0);
      assert.ok(provider.characters_charged >= first.characters_charged);
    } finally {
      translator.name = 'pseudo';
    }
  });

  void test('a renamed file costs nothing: the file cache copies its output', async () => {
    const content = jsonFile(30);
    const source = await env.sourceContainer({ 'a/app.json': content });
    const target = uniqueName('out');
    await run(source, target);
    await env.services.storage.blobs.getContainerClient(source).deleteBlob('a/app.json');
    await put(source, 'b/renamed.json', content);
    const renamed = await run(source, target);
    assert.equal(renamed.characters_charged, 0);
    assert.equal((await onlyFile(renamed.job_id)).cache, 'copied');
  });

  void test('a large PO file processed in parts reuses across its parts and keeps the map whole', async () => {
    const count = 600;
    const source = await env.sourceContainer({ 'big.po': poFile(count) });
    assert.ok(poFile(count).length > 4 * SMALL.partChars);
    const target = uniqueName('out');
    const first = await run(source, target);
    assert.equal((await onlyFile(first.job_id)).segments, count);
    const map = await readSegmentMap(
      env.services.storage.blobs.getContainerClient(env.config.memory.container),
      { sourceContainer: source, sourcePath: 'big.po', targetLanguage: 'es' },
    );
    assert.equal(map?.entries.length, count);
    assert.equal(map?.entries[5]?.key, 'ctx2\u0004Entry 5 of the catalogue');

    await put(
      source,
      'big.po',
      poFile(count, (i) => (i === 10 || i === 590 ? ' (new)' : '')),
    );
    translator.sent = [];
    const second = await run(source, target);
    assert.deepEqual(translator.sent, [
      'Entry 10 of the catalogue (new)',
      'Entry 590 of the catalogue (new)',
    ]);
    const file = await onlyFile(second.job_id);
    assert.deepEqual([file.segments, file.segments_reused], [count, count - 2]);
  });
});
