import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cueRegion,
  markupMatching,
  singleLine,
  type CueTextRules,
} from '../../../../src/lib/formats/subtitles/cueText.js';
import { splitLines } from '../../../../src/lib/formats/subtitles/lines.js';
import { sourceText } from '../../../../src/lib/translation/tokens.js';

const RULES: CueTextRules = {
  markup: markupMatching(/<[^<>\r\n]*>/g),
  keepsLine: (text) => text.startsWith('#'),
  escape: (text) => singleLine(text).replace(/&/g, '&amp;').replace(/-->/g, '--&gt;'),
  isBlankLine: (text) => text === '',
};

const regionOf = (text: string) => {
  const region = cueRegion(text, splitLines(text), RULES);
  assert.ok(region);
  return region;
};

describe('cueRegion', () => {
  test('text the translation leaves unchanged keeps its bytes, a bare & included', () => {
    const region = regionOf('Fish & chips\n<i>Tom & Jerry</i>');
    assert.equal(region.write!(sourceText(region.pieces)), 'Fish & chips\n<i>Tom & Jerry</i>');
    assert.equal(
      region.write!('Fish & chips\n<i>Tom y Jerry & co</i>'),
      'Fish & chips\n<i>Tom y Jerry &amp; co</i>',
    );
  });

  test('changed text is escaped, kept on its line, and never writes an empty line', () => {
    const region = regionOf('One\nTwo\nThree');
    assert.equal(region.write!('Uno -->\n\nTres'), 'Uno --&gt;\nTres');
    assert.equal(regionOf('One').write!('Uno\r\nmás'), 'Uno más');
    assert.equal(regionOf('One').write!(''), '');
  });

  test('markup, line breaks and kept lines are protected; lines without letters make no segment', () => {
    const region = regionOf('<b>Hi</b>\n# 42\nthere');
    assert.deepEqual(
      region.pieces.map((piece) => [piece.kind, piece.text]),
      [
        ['keep', '<b>'],
        ['text', 'Hi'],
        ['keep', '</b>\n# 42\n'],
        ['text', 'there'],
      ],
    );
    assert.equal(cueRegion('<b>42</b>', splitLines('<b>42</b>'), RULES), undefined);
  });
});
