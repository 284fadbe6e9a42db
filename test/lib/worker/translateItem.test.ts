import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { listJobFiles } from '../../../src/lib/jobs/listJobFiles.js';
import { markdownFormat } from '../../../src/lib/formats/markdown.js';
import { readBlobText, runJobInProcess } from '../../helpers/jobs.js';
import { fixture, translateWith } from '../../helpers/formats.js';
import type { ItemLimits } from '../../../src/lib/worker/itemLimits.js';
import { RecordingTranslator } from '../../helpers/recordingTranslator.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';

/** The production sizes scaled down, so that "large file" paths run on files of tens of kilobytes. */
const SMALL: ItemLimits = { singleReadBytes: 48 * 1024, partChars: 12 * 1024, blockBytes: 32 * 1024 };
const SINGLE_READ_BYTES = SMALL.singleReadBytes;
const PART_CHARS = SMALL.partChars;

void describe('translateItem: formats, glossary, cache, large files', () => {
  let env: TestEnvironment;
  const translator = new RecordingTranslator();
  before(async () => {
    env = await testEnvironment({}, { translator, itemLimits: SMALL });
  });
  after(() => env.cleanup());

  const job = (source: string, target: string, extra: Record<string, unknown> = {}) =>
    runJobInProcess(env.services, {
      source_container: source,
      target_container: target,
      target_languages: ['es'],
      ...extra,
    });

  void test('every format is translated with its structure intact; unknown ones fail with the supported list', async () => {
    const source = await env.sourceContainer({
      'guide.md': fixture('guide.md'),
      'page.html': fixture('landing-page.html'),
      'messages.json': fixture('messages.json'),
      'notes.txt': 'Hello world.\n\nSecond paragraph.\n',
      'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47]),
    });
    const target = uniqueName('out');
    const status = await job(source, target);
    assert.equal(status.succeeded_files, 4);
    assert.equal(status.failed_files, 1);
    const md = await readBlobText(env.services, target, 'es/guide.md');
    assert.equal(md, await translateWith(markdownFormat, fixture('guide.md')));
    assert.equal(
      await readBlobText(env.services, target, 'es/notes.txt'),
      '[es: Ĥéļļö ŵöŕļð.]\n\n[es: Šéçöñð þáŕáĝŕáþĥ.]\n',
    );
    const files = await listJobFiles(env.services, status.job_id, { status: 'failed' });
    const png = files.files[0];
    assert.equal(png?.error?.code, 'unsupported_format');
    assert.match(png?.error?.message ?? '', /\.md .*\.vtt/);
  });

  void test('glossary terms are applied and no_translate terms kept, from the request and a CSV file', async () => {
    const source = await env.sourceContainer({
      'a.txt': 'Open Blob Storage in the Azure Portal, then save the File.\n',
      'terms/glossary.csv': 'term,es\nFile,"Fichero ""único"" <1>"\n',
    });
    const target = uniqueName('out');
    const status = await job(source, target, {
      glossary: { es: { 'Blob Storage': 'Almacenamiento de blobs' } },
      glossary_blob: 'terms/glossary.csv',
      no_translate: ['Azure Portal'],
    });
    assert.equal(status.total_files, 1, 'the glossary file itself is not translated');
    assert.deepEqual(status.glossary_terms, { es: 2 });
    const out = await readBlobText(env.services, target, 'es/a.txt');
    assert.match(out, /Almacenamiento de blobs/);
    assert.match(out, /Azure Portal/);
    assert.match(out, /Fichero "único" <1>/);
  });

  void test('terms named __proto__, constructor and toString translate per the glossary, inline and from a UTF-16 file', async () => {
    // Excel's "Unicode Text" export: UTF-16LE with a byte order mark, tab-separated.
    const tsv = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('term\tes\r\nconstructor\tconstructor_es\r\ntoString\ttoString_es\r\n', 'utf16le'),
    ]);
    const source = await env.sourceContainer({
      'a.txt': 'Call __proto__, then constructor, then toString.\n',
      'terms/glossary.tsv': tsv,
    });
    const target = uniqueName('out');
    const status = await job(source, target, {
      // JSON.parse, as a request body arrives: "__proto__" is an own key, not the prototype.
      glossary: JSON.parse('{"es":{"__proto__":"proto_es"}}') as unknown,
      glossary_blob: 'terms/glossary.tsv',
    });
    assert.deepEqual(status.glossary_terms, { es: 3 });
    assert.equal(status.succeeded_files, 1);
    const out = await readBlobText(env.services, target, 'es/a.txt');
    for (const translation of ['proto_es', 'constructor_es', 'toString_es']) {
      assert.ok(out.includes(translation), `${translation} missing from ${JSON.stringify(out)}`);
    }
  });

  void test('a name that only starts with a dot has no extension, and the failure says so', async () => {
    const source = await env.sourceContainer({
      'dir/.xlf': '<xliff/>',
      '.po': 'msgid ""\n',
      'logo.png': 'x',
    });
    const status = await job(source, uniqueName('out'));
    assert.equal(status.failed_files, 3);
    const files = await listJobFiles(env.services, status.job_id, { status: 'failed' });
    const messageOf = (path: string) => {
      const file = files.files.find((f) => f.source_path === path);
      assert.equal(file?.error?.code, 'unsupported_format');
      return file.error.message;
    };
    for (const path of ['dir/.xlf', '.po']) {
      const message = messageOf(path);
      assert.match(message, /has no extension/);
      assert.match(message, /a name that starts with "\." is not an extension/);
    }
    assert.match(
      messageOf('logo.png'),
      /^"logo\.png" has the extension "\.png", which is not a supported format/,
    );
  });

  void test('a re-run charges nothing (kept); a new target copies; an edited file is translated again', async () => {
    const source = await env.sourceContainer({ 'a.md': '# Title\n\nSome text.\n', 'b.txt': 'Other text.\n' });
    const target = uniqueName('out');
    const first = await job(source, target);
    assert.ok(first.characters_charged > 0);
    const second = await job(source, target);
    assert.equal(second.succeeded_files, 2);
    assert.equal(second.characters_charged, 0);
    const secondFiles = await listJobFiles(env.services, second.job_id, {});
    assert.deepEqual(
      secondFiles.files.map((f) => f.cache),
      ['kept', 'kept'],
    );

    const elsewhere = uniqueName('out');
    const third = await job(source, elsewhere);
    assert.equal(third.characters_charged, 0);
    assert.equal(
      await readBlobText(env.services, elsewhere, 'es/a.md'),
      await readBlobText(env.services, target, 'es/a.md'),
    );
    const thirdFiles = await listJobFiles(env.services, third.job_id, {});
    assert.deepEqual(
      thirdFiles.files.map((f) => f.cache),
      ['copied', 'copied'],
    );

    const container = env.services.storage.blobs.getContainerClient(source);
    await container.getBlockBlobClient('b.txt').upload('Changed text.\n', 14);
    const fourth = await job(source, target);
    assert.equal(fourth.characters_charged, 'Changed text.'.length);
    assert.match(await readBlobText(env.services, target, 'es/b.txt'), /Çĥáñĝéð/);

    const glossaryRun = await job(source, target, { glossary: { es: { text: 'texto' } } });
    assert.ok(glossaryRun.characters_charged > 0, 'a different glossary is a different cache key');
  });

  void test('a file larger than one part is streamed in parts and committed as blocks, same bytes as whole', async () => {
    const section = fixture('guide.md').replace(/^---[\s\S]*?\n---\n/, '');
    let big = fixture('guide.md');
    // Over the single-read size, so it takes the streaming path: hashed first, then read again in parts.
    while (big.length < SINGLE_READ_BYTES + 2 * PART_CHARS) big += `\n${section}`;
    const source = await env.sourceContainer({ 'big.md': big });
    const target = uniqueName('out');
    const status = await job(source, target);
    assert.equal(status.succeeded_files, 1, JSON.stringify(status));
    const blob = env.services.storage.blobs.getContainerClient(target).getBlockBlobClient('es/big.md');
    const blocks = await blob.getBlockList('committed');
    assert.ok((blocks.committedBlocks?.length ?? 0) > 1, 'written as several blocks');
    assert.equal((await blob.downloadToBuffer()).toString('utf8'), await translateWith(markdownFormat, big));
  });

  void test('no source_language: the detected language is recorded per file', async () => {
    const source = await env.sourceContainer({ 'a.txt': 'Hello.\n' });
    const status = await job(source, uniqueName('out'));
    const files = await listJobFiles(env.services, status.job_id, {});
    assert.equal(files.files[0]?.detected_language, 'en');
  });

  void test('binary documents go to the provider whole, within its size limit', async () => {
    const source = await env.sourceContainer({
      'small.docx': Buffer.from('PK-small'),
      'large.docx': Buffer.alloc(2000, 1),
    });
    const target = uniqueName('out');
    const status = await job(source, target, { source_language: 'en' });
    assert.equal(status.succeeded_files, 1);
    assert.equal(status.characters_charged, 7);
    const out = await env.services.storage.blobs
      .getContainerClient(target)
      .getBlobClient('es/small.docx')
      .downloadToBuffer();
    assert.equal(out.toString(), 'llams-KP');
    const failed = await listJobFiles(env.services, status.job_id, { status: 'failed' });
    assert.equal(failed.files[0]?.error?.code, 'file_too_large');
  });

  void test('broken JSON fails invalid_document; no output is written', async () => {
    const source = await env.sourceContainer({ 'bad.json': '{"a": "b",,}' });
    const target = uniqueName('out');
    const status = await job(source, target);
    const failed = await listJobFiles(env.services, status.job_id, { status: 'failed' });
    assert.equal(failed.files[0]?.error?.code, 'invalid_document');
    assert.equal(
      await env.services.storage.blobs.getContainerClient(target).getBlobClient('es/bad.json').exists(),
      false,
    );
  });
});
