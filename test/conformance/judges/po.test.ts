import assert from 'node:assert/strict';
import { test } from 'node:test';
import { poJudge } from '../../../conformance/judges/po.js';

const catalogue = (msgstr: string, flags = '#, c-format\n') =>
  `msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: de\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n${flags}msgid "Open %s\\n"\nmsgstr ${msgstr}\n`;
const input = (text: string) => ({ fileName: 'de.po', bytes: Buffer.from(text), text });

test('msgfmt accepts a faithful translation and measures it translated', async () => {
  const source = catalogue('""');
  const result = await poJudge.compare(
    input(source),
    catalogue('"[de: Öþéñ %s\\n]"').replace('[de: Öþéñ %s\\n]', '[de: Öþéñ] %s\\n'),
    'de',
  );
  assert.deepEqual(result.valid, { ok: true });
  assert.deepEqual(result.damage, []);
  assert.equal(result.coverage.translated, result.coverage.expected);
});

test('msgfmt rejects a msgstr that lost its trailing newline, and a lost c-format placeholder is damage', async () => {
  const source = catalogue('""');
  const result = await poJudge.compare(input(source), catalogue('"[de: Öþéñ %š\\n]"'), 'de');
  assert.equal(result.valid.ok, false);
  assert.match(result.damage.join('\n'), /lost printf "%s"/);
});

test('an existing translation that changes is damage', async () => {
  const source = catalogue('"Öffne %s\\n"');
  const result = await poJudge.compare(input(source), catalogue('"Offen %s\\n"'), 'de');
  assert.match(result.damage.join('\n'), /existing translation changed/);
});

test("the target language is the catalogue's own", () => {
  assert.equal(poJudge.targetLanguage(input(catalogue('""'))), 'de');
  assert.equal(
    poJudge.targetLanguage({ fileName: 'po/pt_BR.po', bytes: Buffer.from(''), text: '' }),
    'pt-BR',
  );
});
