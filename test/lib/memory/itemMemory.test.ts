import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { listJobFiles } from '../../../src/lib/jobs/listJobFiles.js';
import { readSegmentMap } from '../../../src/lib/memory/segmentMap.js';
import { PseudoTranslator } from '../../../src/lib/translation/pseudoTranslator.js';
import type {
  TranslateRequest,
  TranslateResult,
  Translator,
} from '../../../src/lib/translation/translator.js';
import type { ItemLimits } from '../../../src/lib/worker/itemLimits.js';
import { readBlobText, runJobInProcess, writeBlobText } from '../../helpers/jobs.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';

/** Pseudo under a name the test can change (the provider is part of the memory's fingerprint). */
class RenamableTranslator implements Translator {
  name = 'pseudo';
  readonly maxSegmentChars = 50_000;
  private readonly inner = new PseudoTranslator();
  sent: string[] = [];

  translate(request: TranslateRequest): Promise<TranslateResult> {
    for (const segment of request.segments) this.sent.push(segment.map((p) => p.text).join(''));
    return this.inner.translate(request);
  }
}

/** Large-file paths on files of tens of kilobytes. */
const SMALL: ItemLimits = { singleReadBytes: 16 * 1024, partChars: 4 * 1024, blockBytes: 16 * 1024 };

const jsonFile = (count: number, change: (i: number) => string = () => ''): string =>
  `${JSON.stringify(
    Object.fromEntries(
      Array.from({ length: count }, (_, i) => [`key${i}`, `Message number ${i} for the user${change(i)}.`]),
    ),
    null,
    2,
  )}\n`;

const poFile = (count: number, change: (i: number) => string = () => ''): string =>
  [
    'msgid ""',
    'msgstr ""',
    '"Content-Type: text/plain; charset=UTF-8\\n"',
    '',
    ...Array.from({ length: count }, (_, i) => [
      `msgctxt "ctx${i % 3}"`,
      `msgid "Entry ${i} of the catalogue${change(i)}"`,
      'msgstr ""',
      '',
    ]).flat(),
  ].join('\n');

const xliffFile = (count: number): string =>
  [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<xliff version="1.2"><file source-language="en" target-language="es" datatype="plaintext" original="x"><body>',
    ...Array.from(
      { length: count },
      (_, i) => `<trans-unit id="u${i}"><source>Unit ${i} says hello &amp; goodbye</source></trans-unit>`,
    ),
    '</body></file></xliff>',
    '',
  ].join('\n');

void describe('segment memory: reuse, invalidation, kept edits', () => {
  let env: TestEnvironment;
  const translator = new RenamableTranslator();
  before(async () => {
    env = await testEnvironment({}, { translator, itemLimits: SMALL });
  });
  after(() => env.cleanup());

  const put = (container: string, path: string, text: string) =>
    writeBlobText(env.services, container, path, text);
  const run = (source: string, target: string, extra: Record<string, unknown> = {}) =>
    runJobInProcess(env.services, {
      source_container: source,
      target_container: target,
      target_language: 'es',
      ...extra,
    });
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

void describe('segment memory: human edits to keyed formats', () => {
  let env: TestEnvironment;
  const translator = new RenamableTranslator();
  before(async () => {
    env = await testEnvironment({}, { translator });
  });
  after(() => env.cleanup());

  const put = (container: string, path: string, text: string) =>
    writeBlobText(env.services, container, path, text);
  const run = (source: string, target: string, extra: Record<string, unknown> = {}) =>
    runJobInProcess(env.services, {
      source_container: source,
      target_container: target,
      target_language: 'es',
      ...extra,
    });
  const onlyFile = async (jobId: string) => (await listJobFiles(env.services, jobId, {})).files[0]!;

  /**
   * Translates `path`, lets a reviewer `edit` the target, changes the source slightly (so the file cache
   * misses), re-runs: returns the re-run's output and file record, then re-runs with overwrite_edits.
   */
  async function reviewCycle(
    path: string,
    content: string,
    changed: string,
    edit: (target: string) => string,
  ) {
    const source = await env.sourceContainer({ [path]: content });
    const target = uniqueName('out');
    await run(source, target);
    const machine = await readBlobText(env.services, target, `es/${path}`);
    const reviewed = edit(machine);
    assert.notEqual(reviewed, machine);
    await put(target, `es/${path}`, reviewed);
    await put(source, path, changed);
    translator.sent = [];
    const rerun = await run(source, target);
    const kept = {
      output: await readBlobText(env.services, target, `es/${path}`),
      file: await onlyFile(rerun.job_id),
      sent: [...translator.sent],
    };
    await put(source, path, content);
    const overwrite = await run(source, target, { overwrite_edits: true });
    return {
      machine,
      reviewed,
      kept,
      overwritten: {
        output: await readBlobText(env.services, target, `es/${path}`),
        file: await onlyFile(overwrite.job_id),
        charged: overwrite.characters_charged,
      },
    };
  }

  void test("JSON: a reviewer's values are kept; overwrite_edits restores the app's translation", async () => {
    const content = jsonFile(20);
    const changed = jsonFile(20, (i) => (i === 19 ? ' again' : ''));
    const { machine, kept, overwritten } = await reviewCycle('ui.json', content, changed, (text) => {
      const values = JSON.parse(text) as Record<string, string>;
      values.key3 = 'Revisado por una persona';
      values.key12 = 'Otro "texto" revisado';
      return JSON.stringify(values, null, 2);
    });
    const output = JSON.parse(kept.output) as Record<string, string>;
    assert.equal(output.key3, 'Revisado por una persona');
    assert.equal(output.key12, 'Otro "texto" revisado');
    assert.deepEqual(kept.sent, ['Message number 19 for the user again.']);
    assert.deepEqual([kept.file.segments, kept.file.segments_reused, kept.file.edits_kept], [20, 19, 2]);
    assert.notEqual(output.key19, (JSON.parse(machine) as Record<string, string>).key19);

    assert.equal(overwritten.output, machine);
    assert.equal(overwritten.file.edits_kept, 0);
    // Only the source line that changed back is charged: the reviewed units get the app's text from memory.
    assert.equal(overwritten.charged, 'Message number 19 for the user.'.length);
  });

  void test('a target a person broke (no longer valid JSON) keeps no edits: the item is translated and succeeds', async () => {
    const source = await env.sourceContainer({ 'ui.json': jsonFile(5) });
    const target = uniqueName('out');
    await run(source, target);
    const machine = await readBlobText(env.services, target, 'es/ui.json');
    await put(target, 'es/ui.json', machine.replace('{', '{ broken'));
    await put(
      source,
      'ui.json',
      jsonFile(5, (i) => (i === 0 ? ' again' : '')),
    );
    const rerun = await run(source, target);
    assert.equal(rerun.succeeded_files, 1);
    const file = await onlyFile(rerun.job_id);
    assert.deepEqual([file.segments_reused, file.edits_kept], [4, 0]);
    JSON.parse(await readBlobText(env.services, target, 'es/ui.json'));
  });

  void test('PO: an edited msgstr is kept, msgctxt telling same msgids apart', async () => {
    const content = poFile(6);
    const changed = poFile(6, (i) => (i === 5 ? ' now' : ''));
    const { machine, kept, overwritten } = await reviewCycle('app.po', content, changed, (text) => {
      const lines = text.split('\n');
      const at = lines.indexOf('msgid "Entry 4 of the catalogue"');
      lines[at + 1] = 'msgstr "Entrada \\"cuatro\\"\\trevisada"';
      return lines.join('\n');
    });
    assert.match(kept.output, /msgid "Entry 4 of the catalogue"\nmsgstr "Entrada \\"cuatro\\"\\trevisada"/);
    assert.deepEqual(kept.sent, ['Entry 5 of the catalogue now']);
    assert.deepEqual([kept.file.segments_reused, kept.file.edits_kept], [5, 1]);
    assert.equal(overwritten.output, machine);
    assert.equal(overwritten.file.edits_kept, 0);
  });

  void test('XLIFF: an edited target is kept by unit id', async () => {
    const content = xliffFile(5);
    const changed = content.replace('Unit 4 says', 'Unit 4 now says');
    const { machine, kept, overwritten } = await reviewCycle('app.xlf', content, changed, (text) =>
      text.replace(/(<trans-unit id="u1">.*?<target[^>]*>)[^<]*(<\/target>)/, '$1Revisado &amp; aprobado$2'),
    );
    assert.match(kept.output, /<trans-unit id="u1">.*?<target[^>]*>Revisado &amp; aprobado<\/target>/);
    assert.deepEqual(kept.sent, ['Unit 4 now says hello &amp; goodbye']);
    assert.deepEqual([kept.file.segments_reused, kept.file.edits_kept], [4, 1]);
    assert.equal(overwritten.output, machine);
  });
});
