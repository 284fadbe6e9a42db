import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { byteOrderMark } from '../../../src/lib/encoding/byteOrderMark.js';

describe('byteOrderMark', () => {
  test('names the encoding and the length of the mark', () => {
    assert.deepEqual(byteOrderMark(Buffer.from([0xef, 0xbb, 0xbf, 0x41])), { encoding: 'utf-8', length: 3 });
    assert.deepEqual(byteOrderMark(Buffer.from([0xff, 0xfe, 0x41, 0x00])), {
      encoding: 'utf-16le',
      length: 2,
    });
    assert.deepEqual(byteOrderMark(Buffer.from([0xfe, 0xff, 0x00, 0x41])), {
      encoding: 'utf-16be',
      length: 2,
    });
    assert.deepEqual(byteOrderMark(Buffer.from([0xff, 0xfe, 0x00, 0x00])), {
      encoding: 'utf-32le',
      length: 4,
    });
    assert.deepEqual(byteOrderMark(Buffer.from([0x00, 0x00, 0xfe, 0xff])), {
      encoding: 'utf-32be',
      length: 4,
    });
    assert.equal(byteOrderMark(Buffer.from('WEBVTT')), undefined);
    assert.equal(byteOrderMark(Buffer.from([0xef, 0xbb])), undefined);
  });
});
