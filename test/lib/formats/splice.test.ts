import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { markdownFormat } from '../../../src/lib/formats/markdown.js';
import { spliceDocument } from '../../../src/lib/formats/splice.js';
import { TEXT_FORMATS } from '../../../src/lib/formats/registry.js';
import { context, fixture } from '../../helpers/formats.js';

void describe('spliceDocument spans', () => {
  const source = 'Hello\r\n\r\nWorld\r\nwide\r\n';
  const document = spliceDocument(source, [
    { start: 0, end: 5, pieces: [{ kind: 'text', text: 'Hello' }], write: (t) => `<${t}>` },
    { start: 9, end: 20, pieces: [{ kind: 'text', text: 'World\r\nwide' }] },
  ]);

  void test("each segment's stretch of the file, and what each became in the output", () => {
    assert.deepEqual(document.spans?.texts, ['Hello', 'World\r\nwide']);
    assert.deepEqual(document.spans?.render(['Hola', 'Mundo\nentero'], new Set()), {
      text: '<Hola>\r\n\r\nMundo\r\nentero\r\n',
      spans: ['<Hola>', 'Mundo\r\nentero'],
    });
  });

  void test('a verbatim segment is written exactly as given: no writer, no line-ending change', () => {
    assert.deepEqual(document.spans?.render(['Hola *a mano*', 'Mundo\nancho'], new Set([0, 1])), {
      text: 'Hola *a mano*\r\n\r\nMundo\nancho\r\n',
      spans: ['Hola *a mano*', 'Mundo\nancho'],
    });
  });

  void test("Markdown: a target's stretches, written back verbatim into the source, give the target byte for byte", () => {
    const markdown =
      '# Title\n\nSome *text* with `code` and a [link](https://x.test).\n\n| A | B |\n|---|---|\n| one | two |\n';
    const parsed = markdownFormat.parse(markdown, context());
    const translated = parsed.spans?.render(
      ['Título [1]', 'Texto con `code` *y* [enlace](https://x.test)', 'A', 'B', 'uno | dos', 'dos'],
      new Set(),
    );
    assert.ok(translated);
    // The writer escaped what Markdown would read as syntax: the stretch differs from the translation.
    assert.notEqual(translated.spans[4], 'uno | dos');
    const target = markdownFormat.parse(translated.text, context()).spans;
    assert.deepEqual(target?.texts, translated.spans);
    const all = new Set(translated.spans.map((_, i) => i));
    assert.equal(parsed.spans?.render(target?.texts ?? [], all).text, translated.text);
  });

  void test("every format keeping edits by position: a target's stretches are what the app wrote, and give it back", () => {
    const fixtures = {
      markdown: 'guide.md',
      html: 'landing-page.html',
      text: 'release-notes.txt',
      srt: 'episode.srt',
      vtt: 'lecture.vtt',
    };
    const formats = TEXT_FORMATS.filter((format) => format.editsByPosition);
    assert.deepEqual(formats.map((format) => format.id).sort(), Object.keys(fixtures).sort());
    for (const format of formats) {
      const source = fixture(fixtures[format.id as keyof typeof fixtures]);
      const parsed = format.parse(source, context('es'));
      const translations = parsed.segments.map((pieces) =>
        pieces.map((p) => (p.kind === 'text' ? `«${p.text.toUpperCase()} & *más* 1 < 2»` : p.text)).join(''),
      );
      const written = parsed.spans?.render(translations, new Set());
      assert.ok(written, format.id);
      assert.equal(written.text, parsed.render(translations), format.id);
      const target = format.parse(written.text, context('es')).spans;
      assert.deepEqual(target?.texts, written.spans, format.id);
      const all = new Set(written.spans.map((_, i) => i));
      assert.equal(parsed.spans?.render(target?.texts ?? [], all).text, written.text, format.id);
    }
  });
});
