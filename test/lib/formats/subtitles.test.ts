import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { srtFormat, vttFormat } from '../../../src/lib/formats/subtitles.js';
import { sourceText } from '../../../src/lib/translation/tokens.js';
import {
  appendingTranslator,
  assertInvalidDocument,
  context,
  fixture,
  roundTrip,
  translateWith,
} from '../../helpers/formats.js';

const FILES = [
  { name: 'episode.srt', format: srtFormat, cues: 6, segments: 5 },
  { name: 'lecture.vtt', format: vttFormat, cues: 5, segments: 5 },
] as const;

const TIMING = /^[\d:.,]+ --> [\d:.,]+/;
const MARKUP = /<[^>]*>|\{\\[^}]*\}|&\w+;/g;

/** The file with every cue text line replaced by a marker: what translating must not change. */
function structureOf(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let inCueText = false;
  return lines.map((line) => {
    if (line.trim() === '') inCueText = false;
    else if (TIMING.test(line)) {
      inCueText = true;
      return line;
    } else if (inCueText) return 'TEXT';
    return line;
  });
}

const markupOf = (text: string): string[] => [...text.matchAll(MARKUP)].map((m) => m[0]);

const makeUnrulyTranslator = () => appendingTranslator(` <b> & -->\n\nnext`);

const assertInvalid = assertInvalidDocument;

describe('subtitle formats', () => {
  for (const { name, format, cues, segments } of FILES) {
    test(`${name}: identity translation gives back the file byte for byte`, () => {
      const source = fixture(name);
      assert.equal(format.parse(source, context()).segments.length, segments);
      assert.equal(roundTrip(format, source), source);
    });

    test(`${name}: CRLF, a byte order mark and a missing final newline are kept`, () => {
      const original = fixture(name);
      const variants = [
        original.replace(/\n/g, '\r\n'),
        `\uFEFF${original}`,
        original.trimEnd(),
        `\uFEFF${original.replace(/\n/g, '\r\n').trimEnd()}`,
      ];
      for (const variant of variants) {
        assert.equal(
          format.parse(variant, context()).segments.length,
          segments,
          JSON.stringify(variant.slice(0, 20)),
        );
        assert.equal(roundTrip(format, variant), variant);
      }
    });

    test(`${name}: pseudo translation changes cue text only`, async () => {
      const original = fixture(name);
      const output = await translateWith(format, original);
      assert.deepEqual(structureOf(output), structureOf(original));
      assert.equal(output.match(/-->/g)?.length, cues);
      const before = format.parse(original, context()).segments;
      const after = format.parse(output, context()).segments;
      assert.equal(after.length, before.length);
      after.forEach((pieces, i) => {
        const was = sourceText(before[i] ?? []);
        assert.match(sourceText(pieces), /^\[es: [\s\S]*\]$/);
        assert.deepEqual(markupOf(sourceText(pieces)), markupOf(was), was);
        assert.equal(sourceText(pieces).split('\n').length, was.split('\n').length, 'line breaks kept');
      });
    });

    test(`${name}: chunkBoundary cuts between cues so both parts parse and render alone`, () => {
      const original = fixture(name);
      const cut = format.chunkBoundary!(original);
      assert.ok(cut > 0 && cut < original.length);
      assert.match(original.slice(0, cut), /\n\n$/);
      const second = original.slice(cut);
      assert.match(second, /^(?:\d+\n)?[\d:.,]+ -->/);
      const rest = { targetLanguage: 'es', chunk: { index: 1, definitions: '' } };
      assert.equal(roundTrip(format, original.slice(0, cut)) + roundTrip(format, second, rest), original);
      const lastTiming = original.lastIndexOf('-->');
      const timingLineEnd = original.indexOf('\n', lastTiming) + 1;
      assert.equal(
        format.chunkBoundary!(original.slice(0, timingLineEnd)),
        cut,
        'a part ending mid-cue is cut before that cue',
      );
      const midTiming = format.chunkBoundary!(original.slice(0, lastTiming + 6));
      assert.ok(midTiming > 0 && midTiming < cut, 'a timing line not yet whole is no cue start yet');
      assert.equal(format.chunkBoundary!(original.slice(0, 40)), 0, 'no boundary yet');
    });
  }

  test('line breaks, VTT tags, timestamps and character references are protected pieces', () => {
    const keeps = vttFormat
      .parse(fixture('lecture.vtt'), context())
      .segments.flatMap((pieces) => pieces.filter((p) => p.kind === 'keep').map((p) => p.text));
    for (const expected of [
      '<v Dr. Okafor>',
      '</v>',
      '<c.term>',
      '</c>\n',
      '<00:00:10.000>',
      '&amp;',
      '&lt;',
      '<i>',
    ]) {
      assert.ok(keeps.includes(expected), expected);
    }
    const srtKeeps = srtFormat
      .parse(fixture('episode.srt'), context())
      .segments.flatMap((pieces) => pieces.filter((p) => p.kind === 'keep').map((p) => p.text));
    assert.deepEqual(srtKeeps, ['<i>', '</i>', '\n', '{\\an8}', '<font color="#ffff00">', '</font>', '\n']);
  });

  test('VTT escapes markup characters from the translator, SRT breaks arrows; both formats keep one cue one block', async () => {
    const vtt = await translateWith(vttFormat, fixture('lecture.vtt'), context(), makeUnrulyTranslator());
    assert.match(vtt, /Good morning, everyone\.<\/v> &lt;b> &amp; --&gt; next\n\n/);
    assert.equal(vtt.match(/-->/g)?.length, 5);
    assert.equal(vttFormat.parse(vtt, context()).segments.length, 5);
    const srt = await translateWith(srtFormat, fixture('episode.srt'), context(), makeUnrulyTranslator());
    assert.match(srt, /Fish & chips at 8, or 8:30\? <b> & -> next\n$/);
    assert.deepEqual(structureOf(srt).slice(0, 4), ['1', '00:00:01,250 --> 00:00:03,900', 'TEXT', '']);
  });

  test('the VTT header is required only in the first part of a file', () => {
    const cue = '00:00:01.000 --> 00:00:02.000\nHello\n';
    assertInvalid(vttFormat, cue);
    const later = vttFormat.parse(cue, { targetLanguage: 'es', chunk: { index: 2, definitions: '' } });
    assert.equal(later.segments.length, 1);
  });

  test('malformed timings are invalid documents', () => {
    assertInvalid(srtFormat, '1\n00:00:01 --> 00:00:02\nHello\n');
    assertInvalid(srtFormat, '1\n00:00:01,000 -> 00:00:02,000\nHello\n');
    assertInvalid(srtFormat, 'Just some text\nwithout any timing\n');
    assertInvalid(vttFormat, 'WEBVTT\n\n00:00:01,000 --> 00:00:02,000\nSRT-style comma\n');
    assertInvalid(vttFormat, 'WEBVTT\n\n00:01.000 --> 00:02\nHello\n');
    assertInvalid(vttFormat, 'NOT A VTT FILE\n\n00:00:01.000 --> 00:00:02.000\nHello\n');
  });
});
