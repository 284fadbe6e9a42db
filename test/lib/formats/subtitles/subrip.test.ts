import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { srtFormat } from '../../../../src/lib/formats/subtitles.js';
import { sourceText } from '../../../../src/lib/translation/tokens.js';
import {
  appendingTranslator,
  assertInvalidDocument,
  roundTrip,
  translateWith,
} from '../../../helpers/formats.js';
import { throughParts } from '../../../helpers/subtitleParts.js';
import { cueFrames, subRipCues } from '../../../helpers/subtitleJudges.js';

/** Numbered files that players and srt-parser-2 read alike, each with a liberty players accept. */
const NUMBERED: Record<string, string> = {
  'missing blank lines between cues':
    '1\n00:00:01,000 --> 00:00:02,000\nFirst cue.\n2\n00:00:03,000 --> 00:00:04,000\nSecond cue,\ntwo lines.\n3\n00:00:05,000 --> 00:00:06,000\nThird cue.\n',
  'wrong numbering':
    '7\n00:00:01,000 --> 00:00:02,000\nSeven.\n\n7\n00:00:03,000 --> 00:00:04,000\nSeven again.\n',
  'dot before the milliseconds':
    '1\n00:00:01.500 --> 00:00:02.250\nDots.\n\n2\n00:00:03.000 --> 00:00:04.000\nMore dots.\n',
  'trailing whitespace and a byte order mark':
    '\uFEFF1 \n00:00:01,000 --> 00:00:02,000  \nTrailing spaces.  \n\t\n2\n00:00:03,000 --> 00:00:04,000\n<i>Fish & chips</i>\n',
  'CRLF, coordinates and styling':
    '1\r\n00:00:01,000 --> 00:00:02,000 X1:100 X2:600 Y1:50 Y2:120\r\n{\\an8}<font color="#ff0">Top</font> line\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\n- Who?\r\n- Me.\r\n',
};

/** Files players read that srt-parser-2 does not: checked by their structure instead. */
const UNNUMBERED: Record<string, { file: string; segments: number }> = {
  'no numbers at all': {
    file: '00:00:01,000 --> 00:00:02,000\nNo number.\n\n00:00:03,000 --> 00:00:04,000\nStill none.\n',
    segments: 2,
  },
  'spaces and no spaces around the arrow, indented timing': {
    file: '1\n00:00:01,000-->00:00:02,000\nTight.\n\n2\n   0:0:3,5   -->   0:0:4,25\nLoose.\n',
    segments: 2,
  },
  'text before the first cue and a blank line inside a cue': {
    file: 'Made with some tool\n\n1\n00:00:01,000 --> 00:00:02,000\nFirst part.\n\nSecond part.\n',
    segments: 2,
  },
};

const TIMING_LINES = /^\s*\d+:\d+:\d+[,.]\d+\s*-->.*$/gm;

describe('SubRip against an independent reader (srt-parser-2)', () => {
  for (const [name, file] of Object.entries(NUMBERED)) {
    test(`${name}: bytes kept, then every cue translated with its number and timings intact`, async () => {
      assert.equal(roundTrip(srtFormat, file), file);
      const before = subRipCues(file);
      assert.ok(before.length > 0);

      const pseudo = subRipCues(await translateWith(srtFormat, file));
      assert.deepEqual(cueFrames(pseudo), cueFrames(before));
      pseudo.forEach((cue, i) => assert.notEqual(cue.text, before[i]!.text));

      const unruly = await translateWith(
        srtFormat,
        file,
        { targetLanguage: 'es' },
        appendingTranslator(' & <3 --> ok'),
      );
      const judged = subRipCues(unruly);
      assert.deepEqual(cueFrames(judged), cueFrames(before));
      judged.forEach((cue, i) => assert.equal(cue.text, `${before[i]!.text} & <3 -> ok`));
    });
  }

  for (const [name, { file, segments }] of Object.entries(UNNUMBERED)) {
    test(`${name}: bytes kept, timing lines untouched, every text translated`, async () => {
      assert.equal(roundTrip(srtFormat, file), file);
      const document = srtFormat.parse(file, { targetLanguage: 'es' });
      assert.equal(document.segments.length, segments);
      const output = await translateWith(srtFormat, file);
      assert.deepEqual(output.match(TIMING_LINES), file.match(TIMING_LINES));
      for (const text of document.segments.map(sourceText)) assert.ok(!output.includes(text), text);
    });
  }

  test('text before the first cue is not translated; files with no readable timing are invalid', async () => {
    const output = await translateWith(
      srtFormat,
      UNNUMBERED['text before the first cue and a blank line inside a cue']!.file,
    );
    assert.ok(output.startsWith('Made with some tool\n\n1\n'));
    assertInvalidDocument(srtFormat, '1\n00:00:01 --> 00:00:02\nNo milliseconds.\n');
    assertInvalidDocument(srtFormat, 'Just some text\nwithout any timing\n');
    assert.equal(
      srtFormat.parse('\uFEFF\n\n', { targetLanguage: 'es' }).segments.length,
      0,
      'empty is valid',
    );
  });
  test('streamed in parts cut anywhere the format allows, a file gives the segments and bytes of the whole', async () => {
    const file = Object.values(NUMBERED).join('\n');
    const whole = srtFormat.parse(file, { targetLanguage: 'es' }).segments.map(sourceText);
    for (const size of [5, 17, 64, 300]) {
      const { segments, rendered, parts } = await throughParts(srtFormat, file, size);
      assert.equal(rendered, file, `size ${size}`);
      assert.deepEqual(segments, whole, `size ${size}`);
      if (size < 64) assert.ok(parts > 3, `size ${size}: ${parts} parts`);
    }
  });
});
