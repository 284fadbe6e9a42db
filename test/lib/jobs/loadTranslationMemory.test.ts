import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { AppError } from '../../../src/lib/errors.js';
import { MAX_TRANSLATION_MEMORY_BYTES } from '../../../src/lib/jobs/loadTranslationMemory.js';
import { tmxIndexSchema } from '../../../src/lib/tmx/tmxIndex.js';
import { submitJob } from '../../helpers/jobs.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';

const INLINE = readFileSync(new URL('../../fixtures/tmx/inline-multilingual.tmx', import.meta.url));

void describe('job submission with a translation memory (translation_memory_blob)', () => {
  let env: TestEnvironment;
  let source: string;
  before(async () => {
    env = await testEnvironment({ MEMORY_CONTAINER: uniqueName('mem') });
    const doctype = '<!DOCTYPE tmx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>';
    source = await env.sourceContainer({
      'tm/inline.tmx': INLINE,
      'tm/entities.tmx': INLINE.toString('utf8').replace('<!DOCTYPE tmx SYSTEM "tmx14.dtd">', doctype),
      'tm/broken.tmx': INLINE.subarray(0, 600),
      'tm/huge.tmx': Buffer.alloc(MAX_TRANSLATION_MEMORY_BYTES + 1, 0x20),
      'doc.txt': 'Hello\n',
    });
  });
  after(async () => {
    await env.services.storage.blobs.getContainerClient(env.config.memory.container).deleteIfExists();
    await env.cleanup();
  });

  const submit = (body: Record<string, unknown>) =>
    submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_languages: ['es', 'fr'],
      ...body,
    });
  const refusedWith = async (body: Record<string, unknown>, code: string, message: RegExp) => {
    await assert.rejects(
      submit(body),
      (error: unknown) =>
        error instanceof AppError &&
        error.status === 400 &&
        error.code === code &&
        message.test(error.message),
    );
  };

  void test("stores an index of the job's pairs in the memory container and names it on the job", async () => {
    const job = await submit({ translation_memory_blob: 'tm/inline.tmx', source_language: 'en' });
    assert.equal(job.translation_memory_blob, 'tm/inline.tmx');
    const snapshot = await env.services.tracker.readSnapshot(job.job_id);
    const name = snapshot?.job.translation_memory_index ?? '';
    assert.match(name, /^tmx\/[0-9a-f]{64}\.json$/);
    const stored = await env.services.storage.blobs
      .getContainerClient(env.config.memory.container)
      .getBlobClient(name)
      .downloadToBuffer();
    const index = tmxIndexSchema.parse(JSON.parse(stored.toString('utf8')));
    assert.deepEqual(Object.keys(index.targets), ['es', 'fr']);
    assert.equal(index.targets.es?.length, 5);
    assert.deepEqual(index.targets.fr, [
      [
        'Click <b>Save</b> to keep {0} changes.',
        'Cliquez sur <b>Enregistrer</b> pour garder {0} modifications.',
      ],
    ]);
    const again = await submit({ translation_memory_blob: 'tm/inline.tmx', source_language: 'en' });
    const second = await env.services.tracker.readSnapshot(again.job_id);
    assert.equal(second?.job.translation_memory_index, name, 'the same pairs make the same blob');
  });

  void test('refuses what it cannot use with a 400 naming the reason', async () => {
    await refusedWith(
      { translation_memory_blob: 'tm/missing.tmx' },
      'translation_memory_blob_not_found',
      /does not exist/,
    );
    await refusedWith(
      { translation_memory_blob: 'tm/huge.tmx' },
      'translation_memory_too_large',
      /limit is 16777216/,
    );
    await refusedWith({ translation_memory_blob: 'tm/entities.tmx' }, 'translation_memory_dtd', /DTD/);
    await refusedWith(
      { translation_memory_blob: 'tm/broken.tmx' },
      'translation_memory_invalid',
      /cannot be used/,
    );
    await refusedWith(
      { translation_memory_blob: 'tm/inline.tmx', target_languages: ['ja'] },
      'translation_memory_no_pairs',
      /into ja/,
    );
    await refusedWith({ translation_memory_blob: 'doc.txt' }, 'invalid_request', /\.tmx file/);
  });
});
