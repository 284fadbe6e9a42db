import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { plainTextFormat } from '../../../src/lib/formats/plainText.js';
import { sourceText } from '../../../src/lib/translation/tokens.js';
import { context, fixture, roundTrip, translateWith } from '../../helpers/formats.js';

const segmentsOf = (text: string): string[] =>
  plainTextFormat.parse(text, context()).segments.map(sourceText);

const lineEndings = (text: string): string[] => text.match(/\r?\n/g) ?? [];

/** Cuts `text` where chunkBoundary allows, looking at most `window` characters ahead (more when it must). */
function splitAtBoundaries(text: string, window: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > window) {
    let cut = 0;
    for (let size = window; cut === 0 && size < rest.length; size *= 2) {
      cut = plainTextFormat.chunkBoundary?.(rest.slice(0, size)) ?? 0;
    }
    if (cut === 0) break;
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  return rest === '' ? parts : [...parts, rest];
}

const CASES: Record<string, string> = {
  'LF paragraphs': 'First paragraph\nstill first.\n\nSecond paragraph.\n',
  'CRLF paragraphs': 'First paragraph\r\nstill first.\r\n\r\nSecond paragraph.\r\n',
  'mixed LF and CRLF': 'One\r\n\nTwo\n\r\nThree\r\n',
  'multiple blank lines': 'A\n\n\n\nB\n\n\n\n\nC',
  'blank lines holding spaces and tabs': 'A\n  \n\t\n \t \nB\r\n \r\n\r\n  C',
  'leading and trailing blank lines': '\n\n\nBody text\n\n\n',
  'indented paragraphs': '    indented\n\n\tcode block\n\n  end  ',
  'whitespace-only file': '  \n\t\n   \r\n  ',
  'empty string': '',
  'BOM at start': '\uFEFFTitle\n\nBody\n',
  'BOM-only file': '\uFEFF',
  'single line without newline': 'just one line',
  'non-Latin text without BOM': 'Привет мир\n\n你好，世界\n\nمرحبا 👋\n',
  'release notes fixture': fixture('release-notes.txt'),
  'release notes fixture, CRLF': fixture('release-notes.txt').replace(/\n/g, '\r\n'),
};

void describe('plainTextFormat', () => {
  for (const [name, text] of Object.entries(CASES)) {
    void test(`round trip is byte for byte: ${name}`, () => {
      assert.equal(roundTrip(plainTextFormat, text), text);
    });
  }

  void test('paragraphs are the segments, without the whitespace around them', () => {
    assert.deepEqual(segmentsOf('Para one\nline two\n\n\nPara two\r\n\r\n  \r\n  Para three  \n'), [
      'Para one\nline two',
      'Para two',
      'Para three',
    ]);
    assert.deepEqual(segmentsOf('line 1\nline 2\r\nline 3'), ['line 1\nline 2\r\nline 3']);
  });

  void test('paragraphs without letters and whitespace-only files have no segments', () => {
    assert.deepEqual(segmentsOf('Version\n\n2.4.0\n\n-----\n\n42 / 7 = 6\n\nEnd'), ['Version', 'End']);
    for (const text of ['', '   ', '\n', '\uFEFF', '  \n\t\n   \r\n  '])
      assert.deepEqual(segmentsOf(text), []);
  });

  void test('translations replace paragraphs in order; separators and the BOM stay', () => {
    const text = '\uFEFF\r\n\r\nAlpha\r\n\r\nBeta\nbeta 2\n\n\n\tGamma\n';
    const document = plainTextFormat.parse(text, context());
    assert.equal(document.render(['1', '2', '3']), '\uFEFF\r\n\r\n1\r\n\r\n2\n\n\n\t3\n');
    assert.throws(() => document.render(['1', '2']), /Expected 3 translations/);
  });

  void test("a paragraph's CRLF line endings survive a translator that returns LF", () => {
    const document = plainTextFormat.parse('One\r\ntwo\r\n\r\nThree\n', context());
    assert.equal(document.render(['Uno\ndos', 'Tres']), 'Uno\r\ndos\r\n\r\nTres\n');
  });

  void test('pseudo-translating the release notes changes every paragraph and keeps the layout', async () => {
    for (const text of [CASES['release notes fixture'] ?? '', CASES['release notes fixture, CRLF'] ?? '']) {
      const output = await translateWith(plainTextFormat, text);
      assert.deepEqual(lineEndings(output), lineEndings(text), 'same line endings, same number of lines');
      assert.equal(
        output.split('[es: ').length - 1,
        segmentsOf(text).length,
        'each paragraph bracketed once',
      );
      assert.match(output, /^\[es: Ĥáŕƀöŕ 2\.4\.0 ŕéļéášé ñöţéš\r?\n==========================\]/);
      assert.match(output, /\r?\n2\.4\.0\r?\n/, 'a paragraph without letters is kept as is');
      assert.match(
        output,
        /\r?\n----------------------------------------------------------------------\r?\n/,
      );
    }
  });

  void test('chunkBoundary is the offset just after the last blank line, 0 without one', () => {
    assert.equal(plainTextFormat.chunkBoundary?.('no blank line\nat all'), 0);
    assert.equal(plainTextFormat.chunkBoundary?.('A\n\nB\n\n\nC'), 'A\n\nB\n\n\n'.length);
    assert.equal(plainTextFormat.chunkBoundary?.('A\r\n \t\r\nB'), 'A\r\n \t\r\n'.length);
    assert.equal(
      plainTextFormat.chunkBoundary?.('A\n\nB\n   '),
      'A\n\n'.length,
      'an unfinished line is not blank',
    );
  });

  void test('translating in parts cut at chunk boundaries equals translating the whole file', async () => {
    const notes = fixture('release-notes.txt');
    for (const text of [notes, notes.replace(/\n/g, '\r\n'), notes.repeat(20)]) {
      const whole = await translateWith(plainTextFormat, text);
      for (const window of [100, 300, 700]) {
        const parts = splitAtBoundaries(text, window);
        assert.ok(parts.length > 1, `window ${window} splits the text`);
        assert.equal(parts.join(''), text);
        const translated = await Promise.all(parts.map((part) => translateWith(plainTextFormat, part)));
        assert.equal(translated.join(''), whole, `window ${window}`);
      }
    }
  });

  void test('invariants hold on generated text', () => {
    // Deterministic pseudo-random texts from an alphabet rich in line breaks and blanks.
    const alphabet = ['a', 'Bc', ' ', '\t', '\n', '\r\n', '\n\n', '\uFEFF', 'é', '.', '\r', '7'];
    let seed = 12345;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let run = 0; run < 500; run++) {
      const length = Math.floor(random() * 40);
      let text = '';
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      const label = JSON.stringify(text);
      assert.equal(roundTrip(plainTextFormat, text), text, label);
      const document = plainTextFormat.parse(text, context());
      for (const segment of document.segments.map(sourceText)) {
        assert.match(segment, /\p{L}/u, `segments have letters: ${label}`);
        assert.equal(segment, segment.trim(), `segments carry no outer whitespace: ${label}`);
        assert.doesNotMatch(segment, /\n[ \t]*\r?\n/, `a segment holds no blank line: ${label}`);
      }
      const marked = document.render(document.segments.map((_, i) => `<${i}>`));
      const order = [...marked.matchAll(/<(\d+)>/g)].map((m) => Number(m[1]));
      assert.deepEqual(
        order,
        [...document.segments.keys()],
        `each translation used once, in order: ${label}`,
      );
      const cut = plainTextFormat.chunkBoundary?.(text) ?? 0;
      const parts = cut === 0 ? [text] : [text.slice(0, cut), text.slice(cut)];
      assert.deepEqual(parts.flatMap(segmentsOf), segmentsOf(text), `a cut loses no paragraph: ${label}`);
    }
  });
});
