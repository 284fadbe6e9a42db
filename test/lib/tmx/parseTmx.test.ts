import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { TmxError, decodeTmx, parseTmx } from '../../../src/lib/tmx/parseTmx.js';
import { debianTmxFiles } from '../../helpers/tmxJudges.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/tmx/${name}`, import.meta.url));

const head = '<?xml version="1.0"?>';
const minimal = (body: string, doctype = '') =>
  `${head}${doctype}<tmx version="1.4"><header srclang="en" creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" datatype="plaintext"/><body>${body}</body></tmx>`;

function refusal(text: string): TmxError {
  try {
    parseTmx(text);
  } catch (error) {
    assert.ok(error instanceof TmxError, String(error));
    return error;
  }
  assert.fail('the document was accepted');
}

void describe('parseTmx', () => {
  void test("reads the real TMX file of Debian's libxml-tmx-perl: its DOCTYPE names the DTD and is not read", () => {
    const document = parseTmx(decodeTmx(readFileSync(debianTmxFiles().sample)));
    assert.equal(document.sourceLanguage, 'EN-GB');
    assert.equal(document.units.length, 7);
    const first = document.units[0];
    assert.deepEqual(
      first?.variants.map((v) => v.language),
      ['EN-GB', 'PT-PT'],
    );
    assert.match(
      first?.variants[0]?.text ?? '',
      /^From Paul, called to be an apostle of Christ Jesus by the\n\s+will of God/,
    );
    // Props and notes are not segment text.
    assert.ok(!document.units.some((u) => u.variants.some((v) => /tuv nr|tu_nr/.test(v.text))));
  });

  void test('keeps the native text of inline codes (bpt, ept, ph, it, hi) in four languages', () => {
    const document = parseTmx(decodeTmx(fixture('inline-multilingual.tmx')));
    const [save, lines, key, link] = document.units;
    assert.deepEqual(
      save?.variants.map((v) => v.language),
      ['en', 'es', 'fr-FR', 'de'],
    );
    assert.equal(save?.variants[0]?.text, 'Click <b>Save</b> to keep {0} changes.');
    assert.equal(save?.variants[3]?.text, 'Klicken Sie auf <b>Speichern</b>, um {0} Änderungen zu behalten.');
    assert.equal(lines?.variants[1]?.text, 'Línea uno<br/>línea dos');
    assert.equal(key?.variants[0]?.text, 'Press Enter & wait.');
    assert.equal(link?.variants[1]?.text, 'Vea <a href="#top">el principio');
  });

  void test('reads UTF-16 files by their byte-order mark', () => {
    const text = minimal(
      '<tu><tuv xml:lang="en"><seg>Hello</seg></tuv><tuv xml:lang="ja"><seg>こんにちは</seg></tuv></tu>',
    );
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    assert.equal(parseTmx(decodeTmx(bytes)).units[0]?.variants[1]?.text, 'こんにちは');
  });

  void test('refuses a DOCTYPE with an internal subset, where entities would be declared', () => {
    const xxe = minimal(
      '<tu><tuv xml:lang="en"><seg>&x;</seg></tuv></tu>',
      '<!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    );
    const error = refusal(xxe);
    assert.equal(error.reason, 'dtd');
    assert.match(error.message, /DTD/);
  });

  void test('refuses entity references XML does not predefine, malformed XML, and other documents', () => {
    assert.equal(refusal(minimal('<tu><tuv xml:lang="en"><seg>&nbsp;</seg></tuv></tu>')).reason, 'invalid');
    assert.equal(refusal(minimal('<tu><tuv xml:lang="en"><seg>open')).reason, 'invalid');
    assert.match(refusal(`${head}<xliff version="1.2"/>`).message, /root element is <xliff>/);
    assert.match(refusal(minimal('<tu><tuv><seg>x</seg></tuv></tu>')).message, /xml:lang/);
    assert.throws(() => decodeTmx(Buffer.from([0x3c, 0xff, 0xfe, 0x3e])), /not valid utf-8/);
  });
});
