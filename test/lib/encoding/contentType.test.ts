import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withUtf8Charset } from '../../../src/lib/encoding/contentType.js';

describe('withUtf8Charset', () => {
  test('a declared charset says utf-8; a type without one is left alone', () => {
    assert.equal(withUtf8Charset('text/html; charset=windows-1252'), 'text/html; charset=utf-8');
    assert.equal(
      withUtf8Charset('application/x-subrip;Charset="ISO-8859-1"; x=1'),
      'application/x-subrip;Charset=utf-8; x=1',
    );
    assert.equal(withUtf8Charset('text/vtt'), 'text/vtt');
  });
});
