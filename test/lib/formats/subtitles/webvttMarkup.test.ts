import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { webVttMarkup } from '../../../../src/lib/formats/subtitles/webvttMarkup.js';
import { vttFormat } from '../../../../src/lib/formats/subtitles.js';
import { translateWith } from '../../../helpers/formats.js';

const kept = (line: string): string[] => webVttMarkup(line).map((m) => m.text);

describe('webVttMarkup', () => {
  test('character references as HTML reads them: legacy names also without a semicolon, the longest name', () => {
    assert.deepEqual(kept('&lt 3 &gt; &amp &nbsp;x &copy2024 &notit &notin; &#60 &#x3C;'), [
      '&lt',
      '&gt;',
      '&amp',
      '&nbsp;',
      '&copy',
      '&not',
      '&notin;',
      '&#60',
      '&#x3C;',
    ]);
  });

  test('an ampersand HTML reads as text stays text; `&name;` with an unknown name is kept whole', () => {
    assert.deepEqual(kept('Q&A, AT&T, Fish & chips, &l, &lrm x'), []);
    assert.deepEqual(kept('&nbs; &g;'), ['&nbs;', '&g;']);
  });

  test('tags and timestamps; a tag left open runs to the end of the line', () => {
    assert.deepEqual(kept('<v Ana>Hi</v> <c.a.b>there</c><00:01.000>!'), [
      '<v Ana>',
      '</v>',
      '<c.a.b>',
      '</c>',
      '<00:01.000>',
    ]);
    assert.deepEqual(kept('Hi <c.first That is all'), ['<c.first That is all']);
    assert.deepEqual(kept('a<b<c>d'), ['<b<c>']);
  });

  test('a pseudo translation keeps what references and open tags stand for', async () => {
    const file =
      'WEBVTT\n\n00:00.000 --> 00:02.000\nLess &lt than &nbsp here\n<lang en-US and then nothing\n';
    const output = await translateWith(vttFormat, file);
    assert.match(output, / &lt .* &nbsp .*\n<lang en-US and then nothing\]?\n$/);
    assert.doesNotMatch(output, /&amp;/);
  });
});
