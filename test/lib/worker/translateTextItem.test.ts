import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import iconv from 'iconv-lite';
import { declareUtf8 } from '../../../src/lib/encoding/declareUtf8.js';
import { gettextFormat } from '../../../src/lib/formats/gettext.js';
import { htmlFormat } from '../../../src/lib/formats/html.js';
import { srtFormat, vttFormat } from '../../../src/lib/formats/subtitles.js';
import { xliffFormat } from '../../../src/lib/formats/xliff.js';
import type { TextFormat } from '../../../src/lib/formats/format.js';
import { listJobFiles } from '../../../src/lib/jobs/listJobFiles.js';
import type { ItemLimits } from '../../../src/lib/worker/itemLimits.js';

/** Small enough that the streamed path runs on a file of tens of kilobytes. */
const LIMITS: ItemLimits = { singleReadBytes: 32 * 1024, partChars: 8 * 1024, blockBytes: 16 * 1024 };
const SINGLE_READ_BYTES = LIMITS.singleReadBytes;
import { runJobInProcess } from '../../helpers/jobs.js';
import { translateWith } from '../../helpers/formats.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';

/** Varied lines: a detector needs the letter statistics of real dialogue, not one sentence repeated. */
const DIALOGUE = [
  'Ça va très bien, merci. Où êtes-vous allé hier soir ?',
  "Je suis resté à la maison, j'étais fatigué.",
  "Tu as vu le match ? Quel désastre pour l'équipe !",
  "Hélène m'a dit qu'elle arriverait après le dîner.",
  'Il faut que tu réfléchisses avant de décider.',
  "Où est la clé de la voiture ? Je l'ai cherchée partout.",
];
const cuesFrom = (first: number) =>
  DIALOGUE.map((line, i) => `${first + i}\n00:00:0${i},000 --> 00:00:0${i},900\n${line}\n`).join('\n');
const CUES = cuesFrom(1);
const VTT = `WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nΚαλημέρα, τι κάνεις; 你好，今天天气很好。\n`;
const HTML =
  '<!doctype html><html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">' +
  '<title>Déjà vu</title></head><body><p>Un café à la crème, s’il vous plaît.</p></body></html>\n';
const PO =
  'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=ISO-8859-1\\n"\n"Language: fr\\n"\n\n' +
  '#, fuzzy\nmsgid "Good morning"\nmsgstr "Bonjour à tous"\n';
const XLIFF =
  '<?xml version="1.0" encoding="UTF-16"?>\n<xliff version="1.2"><file source-language="en" target-language="es" ' +
  'datatype="plaintext" original="x"><body><trans-unit id="1"><source>Good morning</source></trans-unit></body></file></xliff>\n';

/** What each source is, and the text it must be read as: its output is that text translated, in UTF-8. */
const FILES: Record<string, { bytes: Buffer; format: TextFormat; text: string }> = {
  'legacy.srt': { bytes: iconv.encode(CUES, 'windows-1252'), format: srtFormat, text: CUES },
  'wide.vtt': { bytes: iconv.encode(VTT, 'utf-16le'), format: vttFormat, text: VTT },
  'marked.srt': { bytes: iconv.encode(CUES, 'utf-16be', { addBOM: true }), format: srtFormat, text: CUES },
  'utf8-bom.vtt': { bytes: Buffer.from(`\uFEFF${VTT}`), format: vttFormat, text: `\uFEFF${VTT}` },
  'page.html': {
    bytes: iconv.encode(HTML, 'windows-1252'),
    format: htmlFormat,
    text: declareUtf8(HTML, 'html'),
  },
  'app.po': { bytes: iconv.encode(PO, 'latin1'), format: gettextFormat, text: declareUtf8(PO, 'po') },
  'strings.xlf': {
    bytes: iconv.encode(XLIFF, 'utf-16le', { addBOM: true }),
    format: xliffFormat,
    text: declareUtf8(XLIFF, 'xml'),
  },
};

void describe('translateTextItem: source encodings', () => {
  let env: TestEnvironment;
  before(async () => {
    env = await testEnvironment({ PSEUDO_LATENCY_MS: '0' }, { itemLimits: LIMITS });
  });
  after(() => env.cleanup());

  const job = (source: string, target: string) =>
    runJobInProcess(env.services, {
      source_container: source,
      target_container: target,
      target_languages: ['es'],
    });
  const output = (target: string, path: string) =>
    env.services.storage.blobs.getContainerClient(target).getBlobClient(`es/${path}`);

  void test('declared and detected encodings are read, and written as UTF-8 declaring UTF-8', async () => {
    const source = await env.sourceContainer({
      ...Object.fromEntries(Object.entries(FILES).map(([path, file]) => [path, file.bytes])),
      'too-short.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9]),
    });
    await env.services.storage.blobs
      .getContainerClient(source)
      .getBlobClient('legacy.srt')
      .setHTTPHeaders({ blobContentType: 'application/x-subrip; charset=windows-1252' });
    const target = uniqueName('out');
    const status = await job(source, target);
    const failures = await listJobFiles(env.services, status.job_id, { status: 'failed' });
    assert.equal(status.succeeded_files, Object.keys(FILES).length, JSON.stringify(failures.files));

    for (const [path, { format, text }] of Object.entries(FILES)) {
      const written = await output(target, path).downloadToBuffer();
      assert.equal(written.toString('utf8'), await translateWith(format, text), path);
      assert.ok(written.equals(Buffer.from(written.toString('utf8'), 'utf8')), `${path} is UTF-8`);
    }
    assert.match(
      (await output(target, 'page.html').downloadToBuffer()).toString(),
      /content="text\/html; charset=utf-8"/,
    );
    const legacy = await output(target, 'legacy.srt').getProperties();
    assert.equal(legacy.contentType, 'application/x-subrip; charset=utf-8');

    const failed = await listJobFiles(env.services, status.job_id, { status: 'failed' });
    assert.equal(failed.files[0]?.source_path, 'too-short.txt');
    assert.equal(failed.files[0]?.error?.code, 'invalid_encoding');
    assert.match(failed.files[0]?.error?.message ?? '', /ends inside a UTF-8 character/);

    const again = await job(source, target);
    assert.equal(again.characters_charged, 0, 'the cache holds for decoded files');
  });

  void test('a large legacy file is told from its first MiB and streamed in parts', async () => {
    let cues = '';
    for (let n = 1; Buffer.byteLength(cues) < SINGLE_READ_BYTES * 1.5; n += DIALOGUE.length)
      cues += `${cuesFrom(n)}\n`;
    const source = await env.sourceContainer({ 'big.srt': iconv.encode(cues, 'windows-1252') });
    const target = uniqueName('out');
    const status = await job(source, target);
    const failures = await listJobFiles(env.services, status.job_id, { status: 'failed' });
    assert.equal(status.succeeded_files, 1, JSON.stringify(failures.files));
    const written = (await output(target, 'big.srt').downloadToBuffer()).toString('utf8');
    assert.equal(written, await translateWith(srtFormat, cues));
  });
});
