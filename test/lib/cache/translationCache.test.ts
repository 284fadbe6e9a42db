import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CACHE_KEY_METADATA, TranslationCache } from '../../../src/lib/cache/translationCache.js';
import { countingStorageClients, type StorageCallLog } from '../../helpers/storageCalls.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';
import type { StorageClients } from '../../../src/lib/storage/clients.js';

void describe('TranslationCache: copying a cached output to a new target', () => {
  let env: TestEnvironment;
  let storage: StorageClients;
  let log: StorageCallLog;
  let cache: TranslationCache;
  let outputs: string;
  before(async () => {
    env = await testEnvironment();
    ({ storage, log } = countingStorageClients(env.config.storage));
    cache = new TranslationCache(storage.table(env.config.cache.table), storage.blobs);
    outputs = await env.sourceContainer({});
  });
  after(() => env.cleanup());

  /** An earlier output under `key`, remembered by the cache; returns a new target for the same key. */
  async function cachedOutput(key: string, text: string) {
    const earlier = storage.blobs.getContainerClient(outputs).getBlockBlobClient(uniqueName('earlier'));
    await earlier.upload(text, Buffer.byteLength(text), { metadata: { [CACHE_KEY_METADATA]: key } });
    await cache.remember(key, outputs, earlier.name);
    const path = uniqueName('target');
    return {
      container: outputs,
      path,
      client: storage.blobs.getContainerClient(outputs).getBlockBlobClient(path),
    };
  }

  const options = {
    blobHTTPHeaders: { blobContentType: 'text/plain; charset=utf-8' },
    metadata: { job_id: 'j1' },
  };

  void test('a small output is copied in one Put Blob, with its text, headers and key', async () => {
    const key = uniqueName('k');
    const target = await cachedOutput(key, 'Hola, mundo.\n');
    log.reset();
    assert.equal(await cache.reuse(key, target, options, 1024), 'copied');
    assert.deepEqual(
      log.calls.map((c) => `${c.service} ${c.operation}`),
      ['table get entity', 'blob download', 'blob upload'],
    );
    const copy = await target.client.download();
    assert.equal((await target.client.downloadToBuffer()).toString('utf8'), 'Hola, mundo.\n');
    assert.equal(copy.contentType, 'text/plain; charset=utf-8');
    assert.deepEqual(copy.metadata, { job_id: 'j1', [CACHE_KEY_METADATA]: key });
  });

  void test('an output over the single-put size is streamed in blocks, whole', async () => {
    const key = uniqueName('k');
    const text = 'línea traducida\n'.repeat(500);
    const target = await cachedOutput(key, text);
    log.reset();
    assert.equal(await cache.reuse(key, target, options, 1024), 'copied');
    assert.ok(log.count((c) => c.operation === 'commit blocks') === 1);
    assert.equal((await target.client.downloadToBuffer()).toString('utf8'), text);
    assert.equal((await target.client.getProperties()).metadata?.[CACHE_KEY_METADATA], key);
  });
});
