import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { holdsSegmentMaps } from '../../../src/lib/memory/holdsSegmentMaps.js';
import { segmentMapBlobName, writeSegmentMap } from '../../../src/lib/memory/segmentMap.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';

void describe('holdsSegmentMaps', () => {
  let env: TestEnvironment;
  before(async () => {
    env = await testEnvironment();
  });
  after(() => env.cleanup());

  const mapOf = (sourceContainer: string, targetLanguage: string) => ({
    version: 1 as const,
    source_container: sourceContainer,
    source_path: 'docs/a.md',
    target_language: targetLanguage,
    fingerprint: 'f',
    job_id: '00000000-0000-4000-8000-000000000000',
    written_at: new Date(0).toISOString(),
    entries: [],
  });

  void test('maps are named by language and source container, so one listing answers for both', () => {
    const name = segmentMapBlobName({
      sourceContainer: 'site',
      sourcePath: 'docs/a.md',
      targetLanguage: 'pt-BR',
    });
    assert.match(name, /^pt-br\/site\/[0-9a-f]{64}\.json$/);
  });

  void test('true only for a container and language the memory holds a map of', async () => {
    const memory = env.services.storage.blobs.getContainerClient(uniqueName('mem'));
    await memory.create();
    try {
      const source = uniqueName('src');
      const other = uniqueName('src');
      assert.equal(await holdsSegmentMaps(memory, source, 'es'), false, 'empty memory');
      await writeSegmentMap(memory, mapOf(other, 'es'));
      await writeSegmentMap(memory, mapOf(source, 'de'));
      assert.equal(
        await holdsSegmentMaps(memory, source, 'es'),
        false,
        'maps of another container or language',
      );
      // A container name that starts with this one's is another container.
      await writeSegmentMap(memory, mapOf(`${source}x`, 'es'));
      assert.equal(await holdsSegmentMaps(memory, source, 'es'), false, 'a longer container name');
      await writeSegmentMap(memory, mapOf(source, 'es'));
      assert.equal(await holdsSegmentMaps(memory, source, 'es'), true);
      assert.equal(await holdsSegmentMaps(memory, source, 'ES'), true, 'languages are compared lower-cased');
    } finally {
      await memory.deleteIfExists();
    }
  });

  void test('a memory container that does not exist holds no maps', async () => {
    const missing = env.services.storage.blobs.getContainerClient(uniqueName('gone'));
    assert.equal(await holdsSegmentMaps(missing, 'site', 'es'), false);
  });
});
