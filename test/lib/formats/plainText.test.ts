import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { joinSegments, segmentPlainText } from '../../../src/lib/formats/plainText.js';
import { pseudoLocalize } from '../../../src/lib/translation/pseudoTranslator.js';

const translatable = (text: string): string[] =>
  segmentPlainText(text)
    .parts.filter((p) => p.translatable)
    .map((p) => p.text);

/** Joining each translatable part with itself must give the input back, byte for byte. */
function identityJoin(text: string): string {
  const document = segmentPlainText(text);
  return joinSegments(
    document,
    document.parts.filter((p) => p.translatable).map((p) => p.text),
  );
}

const CASES: Record<string, string> = {
  'LF paragraphs': 'First paragraph\nstill first.\n\nSecond paragraph.\n',
  'CRLF paragraphs': 'First paragraph\r\nstill first.\r\n\r\nSecond paragraph.\r\n',
  'mixed LF and CRLF': 'One\r\n\nTwo\n\r\nThree\r\n',
  'multiple blank lines': 'A\n\n\n\nB\n\n\n\n\nC',
  'blank lines holding spaces and tabs': 'A\n  \n\t\n \t \nB\r\n \r\n\r\n  C',
  'leading and trailing blank lines': '\n\n\nBody text\n\n\n',
  'leading and trailing CRLF blank lines': '\r\n\r\nBody text\r\n\r\n',
  'indented paragraphs': '    indented\n\n\tcode block\n\n  end  ',
  'whitespace-only file': '  \n\t\n   \r\n  ',
  'single space': ' ',
  'empty string': '',
  'BOM at start': '\uFEFFTitle\n\nBody\n',
  'BOM-only file': '\uFEFF',
  'single line without newline': 'just one line',
  'single line with newline': 'just one line\n',
  'non-Latin text': 'Привет мир\n\n你好，世界\n\nمرحبا\n',
};

void describe('segmentPlainText / joinSegments', () => {
  for (const [name, text] of Object.entries(CASES)) {
    void test(`identity join reproduces the input exactly: ${name}`, () => {
      assert.equal(identityJoin(text), text);
      const document = segmentPlainText(text);
      assert.equal(document.parts.map((p) => p.text).join(''), text, 'parts cover the input in order');
      assert.equal(joinSegments(document, []), text, 'missing translations fall back to the source text');
      assert.equal(
        Buffer.compare(Buffer.from(identityJoin(text), 'utf8'), Buffer.from(text, 'utf8')),
        0,
        'same bytes',
      );
    });
  }

  void test('paragraphs are the translatable parts; blank separators are not', () => {
    const text = 'Para one\nline two\n\n\nPara two\r\n\r\n  \r\nPara three\n';
    const document = segmentPlainText(text);
    assert.deepEqual(
      document.parts.map((p) => [p.text, p.translatable]),
      [
        ['Para one\nline two', true],
        ['\n\n\n', false],
        ['Para two', true],
        ['\r\n\r\n  \r\n', false],
        ['Para three\n', true],
      ],
    );
  });

  void test('lines separated by a single newline stay in one paragraph', () => {
    assert.deepEqual(translatable('line 1\nline 2\r\nline 3'), ['line 1\nline 2\r\nline 3']);
  });

  void test('leading and trailing blank lines are separators, not segments', () => {
    const document = segmentPlainText('\n\nHello\n\n');
    assert.deepEqual(
      document.parts.map((p) => [p.text, p.translatable]),
      [
        ['\n\n', false],
        ['Hello', true],
        ['\n\n', false],
      ],
    );
  });

  void test('whitespace-only, empty and BOM-only inputs have nothing to translate', () => {
    assert.deepEqual(translatable('  \n\t\n   \r\n  '), []);
    assert.deepEqual(translatable('   '), []);
    assert.deepEqual(translatable('\n'), []);
    assert.deepEqual(translatable('\uFEFF'), []);
    assert.deepEqual(segmentPlainText('').parts, []);
  });

  void test('a single line without newline is one translatable part', () => {
    assert.deepEqual(segmentPlainText('just one line').parts, [
      { text: 'just one line', translatable: true },
    ]);
  });

  void test('translations are put back in order, separators kept', () => {
    const text = '\r\n\r\nAlpha\r\n\r\nBeta\nbeta 2\n\n\n\tGamma\n';
    const document = segmentPlainText(text);
    assert.deepEqual(translatable(text), ['Alpha', 'Beta\nbeta 2', 'Gamma\n']);
    assert.equal(joinSegments(document, ['1', '2', '3']), '\r\n\r\n1\r\n\r\n2\n\n\n\t3');
  });

  void test('a BOM stays at the very start after pseudo-translation', () => {
    const text = '\uFEFFTitle\n\nBody\n';
    const document = segmentPlainText(text);
    const segments = translatable(text).map((s) => pseudoLocalize(s, 'es'));
    assert.equal(joinSegments(document, segments), '\uFEFF[es: Ţíţļé]\n\n[es: Ɓöðý]\n');
  });

  void test('invariants hold on generated text', () => {
    // Deterministic pseudo-random texts from an alphabet rich in line breaks and blanks.
    const alphabet = ['a', 'Bc', ' ', '\t', '\n', '\r\n', '\n\n', '\uFEFF', 'é', '.', '\r'];
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let run = 0; run < 500; run++) {
      const length = Math.floor(random() * 40);
      let text = '';
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      const document = segmentPlainText(text);
      const context = JSON.stringify(text);
      assert.equal(identityJoin(text), text, context);
      for (const part of document.parts) {
        assert.ok(part.text.length > 0, `no empty parts: ${context}`);
        if (part.translatable) {
          assert.notEqual(part.text.trim(), '', `translatable parts have content: ${context}`);
          assert.doesNotMatch(part.text, /\n[ \t]*\r?\n/, `a paragraph holds no blank line: ${context}`);
        } else {
          assert.equal(part.text.trim(), '', `kept parts are whitespace only: ${context}`);
        }
      }
      const count = document.parts.filter((p) => p.translatable).length;
      const marked = joinSegments(
        document,
        Array.from({ length: count }, (_, i) => `<${i}>`),
      );
      const order = [...marked.matchAll(/<(\d+)>/g)].map((m) => Number(m[1]));
      assert.deepEqual(
        order,
        Array.from({ length: count }, (_, i) => i),
        `each translation used once, in order: ${context}`,
      );
    }
  });
});
