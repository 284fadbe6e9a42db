import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { splitLines } from '../../../../src/lib/formats/subtitles/lines.js';
import { webVttBlocks } from '../../../../src/lib/formats/subtitles/webvttBlocks.js';

/** Each cue as "timing line | text lines", the way the W3C parser algorithm groups the file. */
function cuesOf(file: string): string[] {
  return webVttBlocks(splitLines(file), true).cues.map((cue) =>
    [cue.timing.text, ...cue.text.map((line) => line.text)].join(' | '),
  );
}

describe('webVttBlocks: the WebVTT parser algorithm', () => {
  test('a cue right after the signature line is a cue, not part of the header', () => {
    assert.deepEqual(cuesOf('WEBVTT\n00:01.000 --> 00:02.000\nHello\n'), ['00:01.000 --> 00:02.000 | Hello']);
    assert.deepEqual(cuesOf('WEBVTT\nKind: captions\n00:01.000 --> 00:02.000\nHello\n'), [
      '00:01.000 --> 00:02.000 | Hello',
    ]);
  });

  test('a line containing --> ends the cue before it and starts a new one, blank line or not', () => {
    const file =
      'WEBVTT\n\n00:01.000 --> 00:02.000\nOne\n00:03.000 --> 00:04.000\nTwo\nid\n00:05.000 --> 00:06.000\nThree\n';
    assert.deepEqual(cuesOf(file), [
      '00:01.000 --> 00:02.000 | One',
      '00:03.000 --> 00:04.000 | Two | id',
      '00:05.000 --> 00:06.000 | Three',
    ]);
  });

  test('an identifier line, then the timing line; a third line with an arrow starts a new block', () => {
    const file =
      'WEBVTT\n\nintro\n00:01.000 --> 00:02.000\nHi\n\nfirst\nsecond\n00:03.000 --> 00:04.000\nThere\n';
    assert.deepEqual(cuesOf(file), ['00:01.000 --> 00:02.000 | Hi', '00:03.000 --> 00:04.000 | There']);
  });

  test('timings without spaces around the arrow, indented, or with hours of any width are read', () => {
    const file =
      'WEBVTT\n\n00:01.000-->00:02.000\nA\n\n  \t00:03.000 --> 00:04.000 align:start\nB\n\n100:00:05.000 --> 100:00:06.000\nC\n';
    assert.deepEqual(cuesOf(file), [
      '00:01.000-->00:02.000 | A',
      '  \t00:03.000 --> 00:04.000 align:start | B',
      '100:00:05.000 --> 100:00:06.000 | C',
    ]);
  });

  test('only an empty line ends a cue: a line of spaces is cue text', () => {
    assert.deepEqual(cuesOf('WEBVTT\n\n00:01.000 --> 00:02.000\nA\n   \nB\n\nC\n'), [
      '00:01.000 --> 00:02.000 | A |     | B',
    ]);
  });

  test('unreadable timings drop their block, which is reported; comments, styles and regions are no cues', () => {
    const file =
      'WEBVTT\n\nSTYLE\n::cue { color: red }\n\nNOTE a comment\n\n00:01,000 --> 00:02,000\nDropped\n\n00:03.000 --> 00:04.000\nKept\n';
    const blocks = webVttBlocks(splitLines(file), true);
    assert.deepEqual(
      blocks.cues.map((cue) => cue.text.map((line) => line.text)),
      [['Kept']],
    );
    assert.deepEqual(
      blocks.rejectedTimings.map((line) => line.text),
      ['00:01,000 --> 00:02,000'],
    );
    assert.equal(blocks.blockStarts.length, 4);
  });

  test('CR and CRLF line breaks split lines like LF', () => {
    assert.deepEqual(cuesOf('WEBVTT\r\r00:01.000 --> 00:02.000\rA\r\n00:03.000 --> 00:04.000\r\nB'), [
      '00:01.000 --> 00:02.000 | A',
      '00:03.000 --> 00:04.000 | B',
    ]);
  });
});
