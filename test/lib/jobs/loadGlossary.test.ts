import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AppError } from '../../../src/lib/errors.js';
import { MAX_GLOSSARY_CHARS } from '../../../src/lib/glossary/glossary.js';
import { submitJob } from '../../helpers/jobs.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';

void describe('job submission with a glossary', () => {
  let env: TestEnvironment;
  before(async () => {
    env = await testEnvironment();
  });
  after(() => env.cleanup());

  const refusedWith = async (body: Record<string, unknown>, code: string) => {
    await assert.rejects(
      submitJob(env.services, {
        target_container: uniqueName('out'),
        target_languages: ['es', 'fr'],
        ...body,
      }),
      (error: unknown) => error instanceof AppError && error.status === 400 && error.code === code,
    );
  };

  void test('the file and the request are merged once, restricted to the job languages, and shown in status', async () => {
    const source = await env.sourceContainer({
      'g.tsv': 'term\tes\tde\nFile\tFichero\tDatei\nFolder\tCarpeta\t\n',
    });
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_languages: ['es', 'fr'],
      glossary_blob: 'g.tsv',
      glossary: { fr: { File: 'Fichier' }, es: { File: 'Archivo' } },
      no_translate: ['Contoso'],
    });
    assert.deepEqual(job.glossary_terms, { es: 2, fr: 1 });
    assert.equal(job.glossary_blob, 'g.tsv');
    assert.deepEqual(job.no_translate, ['Contoso']);
  });

  void test('a missing, malformed or oversized glossary is refused before anything is queued', async () => {
    const source = await env.sourceContainer({
      'bad.csv': 'just one column\nno languages\n',
      'big.csv': `term,es\n${Array.from({ length: MAX_GLOSSARY_CHARS / 10 }, (_, i) => `term${i},traducción${i}`).join('\n')}\n`,
    });
    const queuedBefore = (await env.services.planQueue.getProperties()).approximateMessagesCount;
    await refusedWith({ source_container: source, glossary_blob: 'missing.csv' }, 'glossary_blob_not_found');
    await refusedWith({ source_container: source, glossary_blob: 'bad.csv' }, 'invalid_glossary');
    await refusedWith({ source_container: source, glossary_blob: 'big.csv' }, 'glossary_too_large');
    const queuedAfter = (await env.services.planQueue.getProperties()).approximateMessagesCount;
    assert.equal(queuedAfter, queuedBefore);
  });

  void test('a glossary file is read in the encoding its byte order mark names; bytes that are no text are refused, saying why', async () => {
    const utf16be = Buffer.from('term,es\nFile,Fichero\n', 'utf16le').swap16();
    const source = await env.sourceContainer({
      'be.csv': Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be]),
      // UTF-8 ("Carpeta añadida") with one Latin-1 byte pasted in: damaged, not some other encoding.
      'damaged.csv': Buffer.concat([
        Buffer.from('term,es\nFolder,Carpeta añadida\nFile,Fich'),
        Buffer.from([0xe9]),
        Buffer.from('ero\n'),
      ]),
    });
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_languages: ['es'],
      glossary_blob: 'be.csv',
    });
    assert.deepEqual(job.glossary_terms, { es: 1 });
    await assert.rejects(
      submitJob(env.services, {
        source_container: source,
        target_container: uniqueName('out'),
        target_languages: ['es'],
        glossary_blob: 'damaged.csv',
      }),
      (error: unknown) => {
        assert.ok(error instanceof AppError);
        assert.equal(error.code, 'invalid_glossary');
        assert.match(error.message, /^glossary_blob "damaged\.csv" cannot be read as text: /);
        assert.match(error.message, /invalid byte sequence/);
        return true;
      },
    );
  });
});
