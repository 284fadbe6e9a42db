import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { wideUnicode } from '../../../src/lib/encoding/wideUnicode.js';

describe('wideUnicode', () => {
  test('tells UTF-16 and UTF-32 byte orders by where the zero bytes fall', () => {
    const subtitle = '1\n00:00:01,000 --> 00:00:02,000\n你好，今天天气很好。我们去公园散步吧。\n';
    for (const name of ['utf-16le', 'utf-16be', 'utf-32le', 'utf-32be'] as const) {
      assert.equal(wideUnicode(iconv.encode(subtitle, name)), name);
    }
  });

  test('ASCII-compatible text, and too little to tell, are not wide', () => {
    assert.equal(wideUnicode(Buffer.from('plain text\n')), undefined);
    assert.equal(wideUnicode(iconv.encode('Привет, как дела?', 'windows-1251')), undefined);
    assert.equal(wideUnicode(Buffer.from([0x41, 0x00])), undefined);
    assert.equal(wideUnicode(Buffer.alloc(64)), undefined, 'all zero bytes: no byte order to tell');
  });
});
