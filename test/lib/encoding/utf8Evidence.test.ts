import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { utf8Evidence } from '../../../src/lib/encoding/utf8Evidence.js';

describe('utf8Evidence', () => {
  test('counts well-formed sequences and bytes that break UTF-8', () => {
    assert.deepEqual(utf8Evidence(Buffer.from('ASCII only')), { valid: 0, invalid: 0, cutAtEnd: false });
    assert.deepEqual(utf8Evidence(Buffer.from('é日😀')), { valid: 3, invalid: 0, cutAtEnd: false });
    assert.deepEqual(utf8Evidence(Buffer.from([0x41, 0xe9, 0x74, 0xe9])), {
      valid: 0,
      invalid: 1,
      firstInvalid: 1,
      cutAtEnd: true,
    });
    // Overlong forms, surrogates and stray continuation bytes are no UTF-8.
    assert.equal(utf8Evidence(Buffer.from([0xc0, 0xaf, 0xed, 0xa0, 0x80, 0x80])).invalid, 6);
  });
});
