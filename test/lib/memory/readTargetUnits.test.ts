import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { listJobFiles } from '../../../src/lib/jobs/listJobFiles.js';
import { readBlobText } from '../../helpers/jobs.js';
import { jsonFile, poFile, RenamableTranslator, spanishJobs, xliffFile } from '../../helpers/memoryFiles.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';

void describe('segment memory: human edits to keyed formats', () => {
  let env: TestEnvironment;
  const translator = new RenamableTranslator();
  before(async () => {
    env = await testEnvironment({}, { translator });
  });
  after(() => env.cleanup());

  const { put, run } = spanishJobs(() => env);
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
