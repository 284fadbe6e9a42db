import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { listJobFiles } from '../../../src/lib/jobs/listJobFiles.js';
import { readSegmentMap } from '../../../src/lib/memory/segmentMap.js';
import { readBlobText } from '../../helpers/jobs.js';
import { RenamableTranslator, SMALL, spanishJobs } from '../../helpers/memoryFiles.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';

/**
 * Front matter (whose translation the writer quotes: its stretch differs from the translation), a heading,
 * inline code and a link, a table and plain paragraphs. Line i of the target is line i of the source.
 * Each test has its own title: the file cache would otherwise copy another test's output for the same content.
 */
const guide = (title: string): string =>
  [
    '---',
    `title: ${title}`,
    '---',
    '',
    '# Welcome to the guide',
    '',
    'Install it with `npm install harbor` and read the [manual](https://example.com/manual).',
    '',
    'The second paragraph explains *emphasis* and nothing else.',
    '',
    '| Name | Meaning |',
    '| ---- | ------- |',
    '| Alpha | The first letter |',
    '',
    'The third paragraph closes the guide.',
    '',
  ].join('\n');

/** Replaces whole lines of a target (lines as in `guide`). */
const editLines = (target: string, edits: Record<number, string>): string =>
  target
    .split('\n')
    .map((line, i) => edits[i] ?? line)
    .join('\n');

/** A reviewer's edits of the heading, a paragraph (with Markdown the writer would escape) and a table row. */
const REVIEW = {
  4: '# Bienvenida, revisada',
  8: 'El segundo párrafo *revisado* por una persona: 2 * 3 [sic], con `código`.',
  12: '| Alfa | La primera letra, revisada |',
};

void describe("segment memory: a person's edits kept by position (Markdown, HTML, text, subtitles)", () => {
  let env: TestEnvironment;
  const translator = new RenamableTranslator();
  before(async () => {
    env = await testEnvironment({}, { translator, itemLimits: SMALL });
  });
  after(() => env.cleanup());

  const jobs = spanishJobs(() => env);
  const put = jobs.put;
  const run = async (source: string, target: string, extra: Record<string, unknown> = {}) => {
    translator.sent = [];
    const status = await jobs.run(source, target, extra);
    assert.equal(status.succeeded_files, 1);
    const file = (await listJobFiles(env.services, status.job_id, {})).files[0];
    assert.ok(file);
    return { status, file, sent: [...translator.sent] };
  };

  /** Translates `content` at `path`, lets a reviewer edit the target; returns the names and texts. */
  async function reviewed(path: string, content: string, edit: (machine: string) => string) {
    const source = await env.sourceContainer({ [path]: content });
    const target = uniqueName('out');
    await run(source, target);
    const machine = await readBlobText(env.services, target, `es/${path}`);
    const review = edit(machine);
    assert.notEqual(review, machine);
    await put(target, `es/${path}`, review);
    const output = () => readBlobText(env.services, target, `es/${path}`);
    return { source, target, machine, review, output };
  }

  void test('Markdown, source unchanged: every edit is kept byte for byte, at no charge', async () => {
    const { source, target, machine, review, output } = await reviewed(
      'guide.md',
      guide('Getting started'),
      (machine) => editLines(machine, REVIEW),
    );
    const rerun = await run(source, target);
    assert.equal(await output(), review);
    assert.deepEqual(rerun.sent, []);
    assert.equal(rerun.status.characters_charged, 0);
    // Heading, paragraph and the row's two cells; the front matter's quoted title is no edit.
    assert.deepEqual([rerun.file.segments, rerun.file.segments_reused, rerun.file.edits_kept], [9, 9, 4]);

    // The map still holds the app's text (so the next run finds the edits again), and the stretch the
    // writer made of the front matter's translation.
    const map = await readSegmentMap(
      env.services.storage.blobs.getContainerClient(env.config.memory.container),
      { sourceContainer: source, sourcePath: 'guide.md', targetLanguage: 'es' },
    );
    const machineLines = machine.split('\n');
    assert.equal(map?.entries[1]?.translation, machineLines[4]?.slice('# '.length));
    assert.equal(map?.entries[0]?.written, machineLines[1]?.slice('title: '.length));
    assert.notEqual(map?.entries[0]?.written, map?.entries[0]?.translation);
  });

  void test('Markdown, a paragraph inserted and one changed in the source: edits of the others kept', async () => {
    const { source, target, machine, output } = await reviewed('guide.md', guide('Inserting'), (text) =>
      editLines(text, { ...REVIEW, 14: 'El tercer párrafo, revisado.' }),
    );
    const lines = guide('Inserting').split('\n');
    lines[14] = 'The third paragraph closes the guide for now.';
    lines.splice(6, 0, 'A paragraph added before everything else.', '');
    await put(source, 'guide.md', lines.join('\n'));
    const rerun = await run(source, target);
    assert.deepEqual(rerun.sent, [
      'A paragraph added before everything else.',
      'The third paragraph closes the guide for now.',
    ]);
    assert.deepEqual([rerun.file.segments, rerun.file.segments_reused, rerun.file.edits_kept], [10, 8, 4]);
    const out = (await output()).split('\n');
    assert.equal(out[4], REVIEW[4]);
    assert.equal(out[10], REVIEW[8]);
    assert.equal(out[14], REVIEW[12]);
    // The changed paragraph's edit was of another text: it is translated again.
    assert.match(out[16] ?? '', /^\[es: Ţĥé ţĥíŕð .* ƒöŕ ñöŵ\.\]$/);
    assert.equal(out[1], machine.split('\n')[1]);
  });

  void test('Markdown, a target a person restructured keeps no edits and the item succeeds', async () => {
    const { source, target, machine, output } = await reviewed('guide.md', guide('Restructuring'), (text) =>
      editLines(text, { ...REVIEW, 6: `${text.split('\n')[6]}\n\nUn párrafo que la persona añadió.` }),
    );
    const rerun = await run(source, target);
    assert.deepEqual([rerun.file.segments_reused, rerun.file.edits_kept], [9, 0]);
    assert.equal(rerun.status.characters_charged, 0);
    assert.equal(await output(), machine);
  });

  void test("Markdown, overwrite_edits restores the app's text at no charge", async () => {
    const { source, target, machine, review, output } = await reviewed(
      'guide.md',
      guide('Overwriting'),
      (text) => editLines(text, REVIEW),
    );
    const overwrite = await run(source, target, { overwrite_edits: true });
    assert.equal(await output(), machine);
    assert.equal(overwrite.status.characters_charged, 0);
    assert.deepEqual([overwrite.file.segments_reused, overwrite.file.edits_kept], [9, 0]);
    // The map was not changed by the edits: reviewing again and re-running keeps them again.
    await put(target, 'es/guide.md', review);
    assert.equal((await run(source, target)).file.edits_kept, 4);
  });

  void test('a large Markdown file processed in parts, with reference links, keeps every edit', async () => {
    const count = 400;
    const content = [
      ...Array.from({ length: count }, (_, i) => `Paragraph ${i} points to the [guide][docs] for more.\n`),
      '[docs]: https://example.com/docs\n',
    ].join('\n');
    assert.ok(content.length > 4 * SMALL.partChars);
    const edited = Array.from({ length: count }, (_, i) => i).filter((i) => i % 20 === 7);
    const { source, target, review, output } = await reviewed('big.md', content, (machine) => {
      const paragraphs = machine.split('\n\n');
      for (const i of edited) paragraphs[i] = `Párrafo ${i} revisado, con su [guía][docs].`;
      return paragraphs.join('\n\n');
    });
    const rerun = await run(source, target);
    assert.equal(await output(), review);
    assert.equal(rerun.status.characters_charged, 0);
    assert.deepEqual([rerun.file.segments, rerun.file.edits_kept], [count, edited.length]);
  });

  void test('HTML: edited text and attributes are kept byte for byte; untouched ones are no edit', async () => {
    const page = [
      '<!DOCTYPE html>',
      '<html lang="en">',
      '<head><title>Harbor guide</title></head>',
      '<body>',
      '<h1>Welcome to Harbor</h1>',
      '<p>Read the <a href="/docs" title="Documentation">manual</a> before you start.</p>',
      '<p>The second paragraph stays as the app wrote it.</p>',
      '<img src="x.png" alt="A diagram of the harbor">',
      '<form><input type=submit value=Send></form>',
      '</body>',
      '</html>',
      '',
    ].join('\n');
    const { source, target, review, output } = await reviewed('page.html', page, (machine) =>
      machine
        .replace(/<h1>[^<]*<\/h1>/, '<h1>Bienvenida a Harbor &amp; revisada</h1>')
        .replace(/<p>[^<]*(<a [^>]*>)[^<]*<\/a>[^<]*<\/p>/, '<p>Lea el $1manual</a> antes, revisado.</p>')
        .replace(/alt="[^"]*"/, 'alt="Un diagrama, revisado"'),
    );
    const rerun = await run(source, target);
    assert.equal(await output(), review);
    assert.equal(rerun.status.characters_charged, 0);
    // Title, heading, paragraph, link title, second paragraph, alt, button: three edited.
    assert.deepEqual([rerun.file.segments, rerun.file.segments_reused, rerun.file.edits_kept], [7, 7, 3]);
    // The map remembers what the app wrote for the link title inside the kept paragraph: a later run
    // (the source changed elsewhere) finds the same three edits, not the untouched title.
    await put(source, 'page.html', page.replace('stays as the app wrote it', 'changed'));
    const later = await run(source, target);
    assert.deepEqual(later.sent, ['The second paragraph changed.']);
    assert.equal(later.file.edits_kept, 3);
  });

  void test('plain text and SubRip keep edits the same way', async () => {
    const text = 'First paragraph\nof the notes.\n\nSecond paragraph.\n\nThird one.\n';
    const notes = await reviewed('notes.txt', text, (machine) =>
      machine.replace(/^\[es: Šéçöñð.*$/m, 'Segundo párrafo, revisado\ny ampliado.'),
    );
    const notesRun = await run(notes.source, notes.target);
    assert.equal(await notes.output(), notes.review);
    assert.deepEqual([notesRun.status.characters_charged, notesRun.file.edits_kept], [0, 1]);

    const srt = [
      '1',
      '00:00:01,000 --> 00:00:02,000',
      'Hello there.',
      '',
      '2',
      '00:00:03,000 --> 00:00:04,000',
      'How are you?',
      '',
    ].join('\n');
    const episode = await reviewed('episode.srt', srt, (machine) =>
      machine.replace(/^\[es: Ĥöŵ.*$/m, '¿Qué tal estás?'),
    );
    const episodeRun = await run(episode.source, episode.target);
    assert.equal(await episode.output(), episode.review);
    assert.deepEqual([episodeRun.status.characters_charged, episodeRun.file.edits_kept], [0, 1]);
  });
});
