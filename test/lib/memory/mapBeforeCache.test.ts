import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { NO_TERMS } from '../../../src/lib/glossary/applyTerms.js';
import type { TranslateItemMessage } from '../../../src/lib/messages.js';
import { createServices, type Services } from '../../../src/lib/services.js';
import { itemKeyOf } from '../../../src/lib/tracker/keys.js';
import { PseudoTranslator } from '../../../src/lib/translation/pseudoTranslator.js';
import { translateItem } from '../../../src/lib/worker/translateItem.js';
import { writeBlobText } from '../../helpers/jobs.js';
import { countingStorageClients, type StorageCallLog } from '../../helpers/storageCalls.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';

const json = (count: number, changed = -1): string =>
  `${JSON.stringify(
    Object.fromEntries(
      Array.from({ length: count }, (_, i) => [`key${i}`, `Message ${i}${i === changed ? ' (new)' : ''}.`]),
    ),
    null,
    2,
  )}\n`;

/**
 * The segment map is read before the file cache: it names the cache key of the output it last wrote, so a
 * re-run of an unchanged file checks the target alone and a re-run of a changed one skips the cache lookup.
 * That keeps the memory's cost per item within two storage calls of the app without it (issue #13).
 */
void describe('segment memory: the map is read before the file cache', () => {
  let env: TestEnvironment;
  let worker: Services;
  let log: StorageCallLog;
  let source: string;
  let target: string;
  before(async () => {
    env = await testEnvironment();
    const counted = countingStorageClients(env.config.storage);
    log = counted.log;
    worker = createServices(env.config, { storage: counted.storage, translator: new PseudoTranslator() });
    source = await env.sourceContainer({});
    target = uniqueName('out');
  });
  after(async () => {
    await env.services.storage.blobs.getContainerClient(target).deleteIfExists();
    await env.cleanup();
  });

  const upload = async (path: string, text: string) => {
    await writeBlobText(env.services, source, path, text);
    return Buffer.byteLength(text);
  };
  const message = (path: string, size: number): TranslateItemMessage => ({
    kind: 'translate',
    job_id: randomUUID(),
    item_key: itemKeyOf(0, path, 'es'),
    source_container: source,
    source_path: path,
    target_container: target,
    target_path: `es/${path}`,
    target_language: 'es',
    size,
  });
  /** The item's storage calls, as `service operation` in the order made. */
  const run = async (path: string, text: string) => {
    const size = await upload(path, text);
    log.reset();
    const result = await translateItem(worker, message(path, size), NO_TERMS);
    return { result, calls: log.calls.map((c) => `${c.service} ${c.operation}`) };
  };
  const cacheLookups = (calls: string[]) => calls.filter((c) => c === 'table get entity').length;

  void test('first run asks the cache; unchanged re-run checks the target alone; changed re-run skips the cache', async () => {
    const first = await run('a.json', json(20));
    assert.equal(first.result.charactersCharged > 0, true);
    assert.equal(cacheLookups(first.calls), 1, first.calls.join(', '));

    const unchanged = await run('a.json', json(20));
    assert.equal(unchanged.result.cache, 'kept');
    assert.deepEqual(unchanged.calls, ['blob download', 'blob download', 'blob get properties']);

    const changed = await run('a.json', json(20, 7));
    assert.equal(changed.result.cache, undefined);
    assert.equal(changed.result.memory?.reused, 19);
    assert.equal(cacheLookups(changed.calls), 0, changed.calls.join(', '));
    // Source, map, existing target (edits to keep); the output, its cache pointer and the new map.
    assert.deepEqual([...changed.calls].sort(), [
      'blob download',
      'blob download',
      'blob download',
      'blob upload',
      'blob upload',
      'table update or upsert',
    ]);
  });

  void test('a person edited the unchanged file’s target: the edit is kept without asking the cache', async () => {
    await run('b.json', json(10));
    const targetBlob = env.services.storage.blobs.getContainerClient(target).getBlockBlobClient('es/b.json');
    const written = JSON.parse((await targetBlob.downloadToBuffer()).toString('utf8')) as Record<
      string,
      string
    >;
    written.key3 = 'Corregido por una persona';
    const edited = `${JSON.stringify(written, null, 2)}\n`;
    await targetBlob.upload(edited, Buffer.byteLength(edited));

    const rerun = await run('b.json', json(10));
    assert.equal(rerun.result.charactersCharged, 0);
    assert.equal(rerun.result.memory?.editsKept, 1);
    assert.equal(cacheLookups(rerun.calls), 0, rerun.calls.join(', '));
    const output = JSON.parse((await targetBlob.downloadToBuffer()).toString('utf8')) as Record<
      string,
      string
    >;
    assert.equal(output.key3, 'Corregido por una persona');
  });

  void test('a renamed file has no map: the cache is asked and copies the output', async () => {
    const text = json(12);
    await run('c.json', text);
    const renamed = await run('renamed/c.json', text);
    assert.equal(renamed.result.cache, 'copied');
    assert.equal(renamed.result.charactersCharged, 0);
    assert.equal(cacheLookups(renamed.calls), 1);
  });
});
