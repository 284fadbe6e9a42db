/**
 * A job with a translation memory (translation_memory_blob), run end to end in queue and durable mode: the
 * TMX's exact matches are written without the provider and cost nothing; the rest is translated as usual.
 */
import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { NO_TERMS } from '../../../src/lib/glossary/applyTerms.js';
import { activityHandlers } from '../../../src/functions/durable/handlers.js';
import type { JobOrchestrations } from '../../../src/lib/durable/jobOrchestrations.js';
import { createJob } from '../../../src/lib/jobs/createJob.js';
import { parseJobRequest } from '../../../src/lib/jobs/jobRequest.js';
import { PseudoTranslator } from '../../../src/lib/translation/pseudoTranslator.js';
import { runItem } from '../../../src/lib/worker/runItem.js';
import { runOrchestration } from '../../helpers/durableDriver.js';
import { CountingTranslator } from '../../helpers/countingTranslator.js';
import { jobStatus, readBlobText, runJobInProcess } from '../../helpers/jobs.js';
import { debianTmxFiles } from '../../helpers/tmxJudges.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';

const KNOWN = 'Receive grace and peace from God our Father, and Christ Jesus our Lord.';
const KNOWN_PT = 'Graça e paz vos sejam dadas da parte de Deus nosso Pai e do Senhor Jesus Cristo.';
// In the TMX this sentence is wrapped over two lines: matching ignores white space.
const WRAPPED = 'even as the testimony concerning Christ was confirmed in you.';
const WRAPPED_PT = 'Na verdade, o testemunho de Cristo tornou-se firme em vós,';
const NEW = 'A sentence the memory has never seen.';

const FILES = () => ({
  'memory/bible.tmx': readFileSync(debianTmxFiles().sample),
  'docs/letter.txt': `${KNOWN}\n\n${NEW}\n\n${WRAPPED}\n`,
});

void describe('runItem with a translation memory', () => {
  let env: TestEnvironment;
  let provider: CountingTranslator;
  beforeEach(async () => {
    provider = new CountingTranslator(new PseudoTranslator());
    env = await testEnvironment({ MEMORY_CONTAINER: uniqueName('mem') }, { translator: provider });
  });
  afterEach(async () => {
    await env.services.storage.blobs.getContainerClient(env.config.memory.container).deleteIfExists();
    await env.cleanup();
  });

  void test('queue mode: matches come from the TMX at 0 characters; the TMX file is not translated', async () => {
    const source = await env.sourceContainer(FILES());
    const target = uniqueName('out');
    const job = await runJobInProcess(env.services, {
      source_container: source,
      target_container: target,
      target_language: 'pt',
      source_language: 'en',
      translation_memory_blob: 'memory/bible.tmx',
    });
    assert.equal(job.status, 'completed');
    assert.equal(job.total_files, 1, 'the TMX file is a job input, not a document');
    assert.equal(job.translation_memory_blob, 'memory/bible.tmx');
    const output = await readBlobText(env.services, target, 'pt/docs/letter.txt');
    const [first, second, third] = output.split('\n\n');
    assert.equal(first, KNOWN_PT);
    assert.equal(third?.trim(), WRAPPED_PT);
    assert.notEqual(second, NEW, 'the new sentence went to the provider');
    assert.deepEqual([...provider.counts.keys()], [`pt\n${NEW}`]);
    assert.equal(job.characters_charged, NEW.length);
  });

  void test('inline codes: a TMX unit with bpt/ept/ph answers an HTML paragraph with the same markup', async () => {
    const source = await env.sourceContainer({
      'tm.tmx': readFileSync(new URL('../../fixtures/tmx/inline-multilingual.tmx', import.meta.url)),
      'page.html':
        '<html><body><p>Click <b>Save</b> to keep {0} changes.</p><p>Line one<br/>line two</p>' +
        '<p>Press <kbd>Enter</kbd> &amp; wait.</p></body></html>',
    });
    const target = uniqueName('out');
    const job = await runJobInProcess(env.services, {
      source_container: source,
      target_container: target,
      target_languages: ['es', 'fr', 'de'],
      source_language: 'en',
      translation_memory_blob: 'tm.tmx',
    });
    assert.equal(job.status, 'completed');
    const page = (language: string) => readBlobText(env.services, target, `${language}/page.html`);
    assert.match(
      await page('es'),
      /<p>Haga clic en <b>Guardar<\/b> para conservar \{0\} cambios\.<\/p><p>Línea uno<br\/>línea dos<\/p>/,
    );
    assert.match(
      await page('fr'),
      /<p>Cliquez sur <b>Enregistrer<\/b> pour garder \{0\} modifications\.<\/p>/,
    );
    assert.match(await page('de'), /<p>Zeile eins<br\/>Zeile zwei<\/p>/);
    // The memory's "Press Enter & wait." is not this paragraph: its markup (<kbd>, &amp;) differs.
    assert.deepEqual([...provider.counts.keys()].sort(), [
      'de\nPress <kbd>Enter</kbd> &amp; wait.',
      'es\nPress <kbd>Enter</kbd> &amp; wait.',
      'fr\nLine one<br/>line two',
      'fr\nPress <kbd>Enter</kbd> &amp; wait.',
    ]);
  });

  void test('an output cached by a job without the memory is not reused by one with it, nor the reverse', async () => {
    const source = await env.sourceContainer(FILES());
    const body = { source_container: source, target_language: 'pt', source_language: 'en' };
    const plain = uniqueName('out');
    await runJobInProcess(env.services, { ...body, target_container: plain });
    const withMemory = uniqueName('out');
    await runJobInProcess(env.services, {
      ...body,
      target_container: withMemory,
      translation_memory_blob: 'memory/bible.tmx',
    });
    const again = uniqueName('out');
    await runJobInProcess(env.services, { ...body, target_container: again });
    assert.ok((await readBlobText(env.services, withMemory, 'pt/docs/letter.txt')).startsWith(KNOWN_PT));
    for (const container of [plain, again])
      assert.ok(!(await readBlobText(env.services, container, 'pt/docs/letter.txt')).includes(KNOWN_PT));
  });

  void test('durable mode runs the same items through the same memory', async () => {
    const source = await env.sourceContainer(FILES());
    const target = uniqueName('outd');
    let input: unknown;
    const orchestrations: JobOrchestrations = {
      start: async (_jobId, started) => void (input = started),
      signalCancel: async () => undefined,
    };
    const request = parseJobRequest(
      {
        source_container: source,
        target_container: target,
        target_language: 'pt',
        source_language: 'en',
        translation_memory_blob: 'memory/bible.tmx',
        mode: 'durable',
      },
      { allowHttpLoopbackCallbacks: false },
    );
    const created = (await createJob(env.services, request, undefined, orchestrations)).body;
    await runOrchestration(
      created.job_id,
      input,
      activityHandlers(() => env.services),
    );
    const job = await jobStatus(env.services, created.job_id);
    assert.equal(job.status, 'completed');
    assert.equal(job.characters_charged, NEW.length);
    const output = await readBlobText(env.services, target, 'pt/docs/letter.txt');
    assert.ok(output.startsWith(`${KNOWN_PT}\n\n`), output);
  });

  void test('a dry run counts matches as 0 characters; a budget only pays for the rest', async () => {
    const source = await env.sourceContainer(FILES());
    const body = {
      source_container: source,
      target_language: 'pt',
      source_language: 'en',
      translation_memory_blob: 'memory/bible.tmx',
    };
    const estimated = await runJobInProcess(env.services, {
      ...body,
      target_container: uniqueName('dry'),
      dry_run: true,
    });
    assert.equal(estimated.status, 'estimated');
    assert.equal(estimated.estimate?.total.characters, NEW.length);
    const budgeted = await runJobInProcess(env.services, {
      ...body,
      target_container: uniqueName('out'),
      max_characters: NEW.length,
    });
    assert.equal(budgeted.status, 'completed', 'the budget covers exactly the one new sentence');
    assert.equal(budgeted.characters_charged, NEW.length);
  });

  void test('reports how many segments the memory answered', async () => {
    const source = await env.sourceContainer(FILES());
    const created = await runJobInProcess(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'pt',
      source_language: 'en',
      translation_memory_blob: 'memory/bible.tmx',
      dry_run: true,
    });
    const snapshot = await env.services.tracker.readSnapshot(created.job_id);
    assert.ok(snapshot);
    const result = await runItem(
      env.services,
      { ...snapshot.job, dry_run: false },
      {
        kind: 'translate',
        job_id: created.job_id,
        item_key: `000000-${'a'.repeat(40)}`,
        source_container: source,
        source_path: 'docs/letter.txt',
        target_container: uniqueName('out'),
        target_path: 'pt/docs/letter.txt',
        target_language: 'pt',
        source_language: 'en',
        size: 200,
      },
      NO_TERMS,
    );
    assert.equal(result.segmentsReused, 2);
    assert.equal(result.charactersCharged, NEW.length);
  });
});
