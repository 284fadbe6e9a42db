import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { splitLines } from '../../../../src/lib/formats/subtitles/lines.js';
import { isSubRipTiming, subRipCues } from '../../../../src/lib/formats/subtitles/subripCues.js';

function cuesOf(file: string): { first: string; timing: string; text: string[][] }[] {
  const lines = splitLines(file);
  return subRipCues(lines).map((cue) => ({
    first: lines[cue.start]!.text,
    timing: lines[cue.timing]!.text,
    text: cue.textRuns.map((run) => run.map((line) => line.text)),
  }));
}

describe('subRipCues: cues as players find them', () => {
  test('timing lines as players read them', () => {
    for (const line of [
      '00:00:01,000 --> 00:00:02,000',
      '00:00:01.000 --> 00:00:02.000',
      '0:0:1,5-->0:0:2,25',
      '  00:00:01,000   -->   00:00:02,000  ',
      '00:00:01,000 --> 00:00:02,000 X1:100 X2:600 Y1:50 Y2:120',
    ]) {
      assert.ok(isSubRipTiming(line), line);
    }
    for (const line of ['00:00:01 --> 00:00:02', '00:01,000 --> 00:02,000', '00:00:01,000 -> 00:00:02,000']) {
      assert.ok(!isSubRipTiming(line), line);
    }
  });

  test('a cue not preceded by a blank line starts at its number or its timing line', () => {
    const file =
      '1\n00:00:01,000 --> 00:00:02,000\nOne\n2\n00:00:03,000 --> 00:00:04,000\nTwo\n00:00:05,000 --> 00:00:06,000\nThree\n';
    assert.deepEqual(cuesOf(file), [
      { first: '1', timing: '00:00:01,000 --> 00:00:02,000', text: [['One']] },
      { first: '2', timing: '00:00:03,000 --> 00:00:04,000', text: [['Two']] },
      { first: '00:00:05,000 --> 00:00:06,000', timing: '00:00:05,000 --> 00:00:06,000', text: [['Three']] },
    ]);
  });

  test('wrong or missing numbers, blank lines of spaces, text before the first cue', () => {
    const file =
      'Subtitles by someone\n\n7\n00:00:01,000 --> 00:00:02,000\nA\n \t\nB\n\n\n00:00:03,000 --> 00:00:04,000\nC\n';
    assert.deepEqual(cuesOf(file), [
      { first: '7', timing: '00:00:01,000 --> 00:00:02,000', text: [['A'], ['B']] },
      { first: '00:00:03,000 --> 00:00:04,000', timing: '00:00:03,000 --> 00:00:04,000', text: [['C']] },
    ]);
  });
});
