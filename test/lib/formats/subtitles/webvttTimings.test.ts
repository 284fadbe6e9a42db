import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCueTimings } from '../../../../src/lib/formats/subtitles/webvttTimings.js';

describe('parseCueTimings: collect WebVTT cue timings and settings', () => {
  test('reads start, end and settings as browsers do', () => {
    assert.deepEqual(parseCueTimings('00:01.500 --> 01:02:03.004 line:0 align:end'), {
      start: 1.5,
      end: 3723.004,
      settings: 'line:0 align:end',
    });
    assert.deepEqual(parseCueTimings('\t00:00:01.000-->00:00:02.000'), { start: 1, end: 2, settings: '' });
    assert.equal(parseCueTimings('123:00:00.000 --> 123:00:01.000')?.start, 442800);
  });

  test('rejects what browsers reject', () => {
    for (const line of [
      '00:01,000 --> 00:02,000',
      '00:01.00 --> 00:02.000',
      '00:60.000 --> 01:00.000',
      '0:01.000 --> 0:02.000',
      '000:00.000 --> 00:02.000',
      '00::00:00.000 --> 00:00:01.000',
      '00:01.000 -> 00:02.000',
      '00:01.000 --> ',
      'x00:01.000 --> 00:02.000',
    ]) {
      assert.equal(parseCueTimings(line), undefined, line);
    }
  });
});
