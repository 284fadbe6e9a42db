/**
 * The TMX export, judged by readers other than its own: xmllint (well-formed, and valid against the TMX 1.4
 * DTD from Debian's libxml-tmx-perl), translate-toolkit's TMX reader, and a re-import through the job
 * submission's own reader, whose answers must be the exported translations.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AppError } from '../../../src/lib/errors.js';
import { exportTmx } from '../../../src/lib/jobs/exportTmx.js';
import { writeSegmentMap, type SegmentEntry } from '../../../src/lib/memory/segmentMap.js';
import { parseTmx } from '../../../src/lib/tmx/parseTmx.js';
import { buildTmxIndex, indexLookup } from '../../../src/lib/tmx/tmxIndex.js';
import { memoryAnswer } from '../../../src/lib/tmx/tmxTranslator.js';
import type { JobStatusBody } from '../../../src/lib/jobs/jobStatusBody.js';
import { runJobInProcess } from '../../helpers/jobs.js';
import { debianTmxFiles, translateToolkitReads, xmllintProblems } from '../../helpers/tmxJudges.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';

const GUIDE: SegmentEntry[] = [
  {
    source: [
      { kind: 'text', text: 'Click ' },
      { kind: 'keep', text: '<b>' },
      { kind: 'text', text: 'Save & "close"' },
      { kind: 'keep', text: '</b>' },
      { kind: 'text', text: ' to keep ' },
      { kind: 'keep', text: '{0}' },
      { kind: 'text', text: ' changes.' },
    ],
    translation: 'Haga clic en <b>Guardar y "cerrar"</b> para conservar {0} cambios.',
  },
  {
    key: 'menu.open',
    source: [
      { kind: 'text', text: 'Open the ' },
      { kind: 'term', text: 'Widget', translation: 'Artilugio' },
      { kind: 'text', text: ' panel ]]> 😀' },
    ],
    translation: 'Abra el panel del Artilugio ]]> 😀',
  },
  // The provider moved the placeholders: each keeps its number in the translation.
  {
    source: [
      { kind: 'keep', text: '%1$s' },
      { kind: 'text', text: ' of ' },
      { kind: 'keep', text: '%2$s' },
    ],
    translation: '%2$s: %1$s',
  },
  { source: [{ kind: 'text', text: 'Bell \u0007 here' }], translation: 'Campana \u0007 aquí' },
  { source: [{ kind: 'keep', text: '{0}' }], translation: '{0}' },
];
const NOTES: SegmentEntry[] = [
  { source: [{ kind: 'text', text: 'Hello world' }], translation: 'Hola mundo' },
  // The same pair as in the guide: written once.
  { source: GUIDE[2]!.source, translation: GUIDE[2]!.translation },
];

void describe('exportTmx', () => {
  let env: TestEnvironment;
  let source: string;
  let job: JobStatusBody;
  let folder: string;
  before(async () => {
    // The maps here are written by hand; the jobs' own runs must not add theirs (SEGMENT_MEMORY off).
    env = await testEnvironment({ MEMORY_CONTAINER: uniqueName('mem'), SEGMENT_MEMORY: 'false' });
    folder = mkdtempSync(join(tmpdir(), 'tmx-export-'));
    source = await env.sourceContainer({
      'guide.md': 'Guide\n',
      'notes.txt': 'Notes\n',
      'old.txt': 'Old\n',
      'none.txt': 'None\n',
    });
    job = await runJobInProcess(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_languages: ['es', 'fr'],
      source_language: 'en',
    });
    const memory = env.services.storage.blobs.getContainerClient(env.config.memory.container);
    await memory.createIfNotExists();
    const map = (path: string, entries: SegmentEntry[], jobId = job.job_id) => ({
      version: 1 as const,
      source_container: source,
      source_path: path,
      target_language: 'es',
      source_language: 'en',
      fingerprint: 'f',
      job_id: jobId,
      written_at: new Date().toISOString(),
      entries,
    });
    await writeSegmentMap(memory, map('guide.md', GUIDE));
    await writeSegmentMap(memory, map('notes.txt', NOTES));
    await writeSegmentMap(memory, map('old.txt', NOTES, '00000000-0000-4000-8000-000000000000'));
    await writeSegmentMap(memory, { ...map('guide.md', [NOTES[0]!]), target_language: 'fr' });
  });
  after(async () => {
    rmSync(folder, { recursive: true, force: true });
    await env.services.storage.blobs.getContainerClient(env.config.memory.container).deleteIfExists();
    await env.cleanup();
  });

  async function exported(
    language: string,
    pageSize?: number,
  ): Promise<{ text: string; pieces: number; file: string }> {
    const tmx = await exportTmx(env.services, job.job_id, language, pageSize ? { pageSize } : {});
    assert.equal(tmx.fileName, `${job.job_id}.${language.toLowerCase()}.tmx`, 'named as the job spells it');
    let text = '';
    let pieces = 0;
    for await (const piece of tmx.body) {
      text += piece;
      pieces += 1;
    }
    const file = join(folder, tmx.fileName);
    writeFileSync(file, text);
    return { text, pieces, file };
  }

  void test('is well-formed, valid against the TMX 1.4 DTD, and readable by translate-toolkit', async () => {
    const { text, pieces, file } = await exported('es');
    assert.ok(pieces > 2, 'the document is produced in pieces');
    assert.equal(xmllintProblems(file), '');
    assert.equal(xmllintProblems(file, debianTmxFiles().dtd), '');
    const read = translateToolkitReads(file);
    assert.deepEqual(read.units, [
      {
        source: 'Click <b>Save & "close"</b> to keep {0} changes.',
        target: 'Haga clic en <b>Guardar y "cerrar"</b> para conservar {0} cambios.',
      },
      { source: 'Open the Widget panel ]]> 😀', target: 'Abra el panel del Artilugio ]]> 😀' },
      { source: '%1$s of %2$s', target: '%2$s: %1$s' },
      { source: 'Hello world', target: 'Hola mundo' },
    ]);
    assert.ok(read.languages.every((pair) => pair.join() === 'en,es'));
    assert.match(text, /<ph x="1">%1\$s<\/ph> of <ph x="2">%2\$s<\/ph>/);
    assert.match(text, /<ph x="2">%2\$s<\/ph>: <ph x="1">%1\$s<\/ph>/);
    assert.match(text, /<!-- old\.txt: left out, its segment memory was since rewritten by job 0{8}- ?0{4}/);
    assert.match(text, /<!-- none\.txt: no segment memory for this file -->/);
    assert.match(text, /<!-- 1 segments left out: they hold characters XML 1\.0 cannot carry -->/);
  });

  void test('re-imported, it answers the exported segments with their translations', async () => {
    const { text } = await exported('es');
    const index = indexLookup(buildTmxIndex(parseTmx(text), { targetLanguages: ['es'] }).file).get('es');
    for (const entry of [GUIDE[0]!, GUIDE[2]!, NOTES[0]!])
      assert.equal(memoryAnswer(index, entry.source), entry.translation);
  });

  void test('pages through the items: one item per page gives the same document', async () => {
    const whole = await exported('es');
    const paged = await exported('es', 1);
    assert.ok(paged.pieces > whole.pieces, `${paged.pieces} pieces paged, ${whole.pieces} whole`);
    const withoutDate = (text: string) => text.replace(/creationdate="[^"]*"/, '');
    assert.equal(withoutDate(paged.text), withoutDate(whole.text));
  });

  void test('exports one language at a time', async () => {
    const read = translateToolkitReads((await exported('FR')).file);
    assert.deepEqual(read.units, [{ source: 'Hello world', target: 'Hola mundo' }]);
  });

  void test('refuses an unknown job or a language the job does not translate into', async () => {
    const refused = (jobId: string, language: string | null, status: number, code: string) =>
      assert.rejects(
        exportTmx(env.services, jobId, language),
        (error: unknown) => error instanceof AppError && error.status === status && error.code === code,
      );
    await refused(job.job_id, 'de', 400, 'invalid_target_language');
    await refused(job.job_id, null, 400, 'invalid_target_language');
    await refused('5d0c7e4e-2f7b-4c3a-9e1a-2b1d0c9e8f7a', 'es', 404, 'job_not_found');
  });
});
