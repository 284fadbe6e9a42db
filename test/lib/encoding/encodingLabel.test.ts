import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { meaningOfLabel } from '../../../src/lib/encoding/encodingLabel.js';

describe('meaningOfLabel', () => {
  test('reads labels as browsers do, one name per encoding', () => {
    for (const [label, name] of [
      ['UTF-8', 'utf-8'],
      ['utf8', 'utf-8'],
      ['ISO-8859-1', 'windows-1252'],
      ['latin1', 'windows-1252'],
      ['CP1252', 'windows-1252'],
      ['iso-8859-9', 'windows-1254'],
      ['ISO_8859-2', 'iso-8859-2'],
      ['KOI8-R', 'koi8-r'],
      ['Shift_JIS', 'shift_jis'],
      ['x-sjis', 'shift_jis'],
      ['GB18030', 'gb18030'],
    ]) {
      assert.deepEqual(meaningOfLabel(label!), { kind: 'encoding', name }, label);
    }
  });

  test('ASCII and UTF-16/32 labels say nothing about ASCII-compatible bytes; unknown labels are unknown', () => {
    for (const label of ['US-ASCII', 'ascii', 'UTF-16', 'utf-16le', 'UCS-2', 'UTF-32']) {
      assert.equal(meaningOfLabel(label).kind, 'uninformative', label);
    }
    for (const label of ['CHARSET', 'x-no-such-thing', '']) {
      assert.equal(meaningOfLabel(label).kind, 'unknown', label);
    }
  });
});
