import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError, PayloadTooLargeError, ValidationError } from '../../../src/lib/errors.js';
import { MAX_REQUEST_BYTES, parseJsonBody } from '../../../src/lib/http/jsonBody.js';

void describe('parseJsonBody', () => {
  const parseText = (text: string) => parseJsonBody(Buffer.from(text, 'utf8'));

  const assertInvalidJson = (text: string) => {
    assert.throws(
      () => parseText(text),
      (error: unknown) => {
        assert.ok(error instanceof ValidationError);
        assert.equal(error.status, 400);
        assert.equal(error.code, 'invalid_json');
        return true;
      },
    );
  };

  void test('parses a JSON object', () => {
    assert.deepEqual(parseText('{"a":[1,"b"],"c":null}'), { a: [1, 'b'], c: null });
  });

  void test('returns non-object JSON as is, for parseJobRequest to reject', () => {
    assert.deepEqual(parseText('[1,2]'), [1, 2]);
    assert.equal(parseText('null'), null);
    assert.equal(parseText('42'), 42);
  });

  void test('rejects an empty body as invalid_json', () => {
    assertInvalidJson('');
  });

  void test('rejects a whitespace-only body as invalid_json', () => {
    assertInvalidJson('  \n\t ');
  });

  void test('rejects invalid JSON as invalid_json', () => {
    for (const text of ['{', '{"a":1,}', "{'a':1}", 'source_container=x', '{"a":1} trailing']) {
      assertInvalidJson(text);
    }
  });

  void test(`rejects a body over ${MAX_REQUEST_BYTES} bytes with PayloadTooLargeError (413)`, () => {
    const text = JSON.stringify({ prefix: 'x'.repeat(MAX_REQUEST_BYTES) });
    assert.throws(
      () => parseText(text),
      (error: unknown) => {
        assert.ok(error instanceof PayloadTooLargeError);
        assert.ok(error instanceof AppError);
        assert.equal(error.status, 413);
        assert.equal(error.code, 'payload_too_large');
        return true;
      },
    );
  });

  void test('checks the size before the syntax', () => {
    assert.throws(() => parseText('{'.repeat(MAX_REQUEST_BYTES + 1)), PayloadTooLargeError);
  });

  void test('counts bytes, not characters', () => {
    // 32 769 two-byte characters: fewer characters than the limit, more bytes.
    const text = `"${'é'.repeat(MAX_REQUEST_BYTES / 2 + 1)}"`;
    assert.ok(text.length < MAX_REQUEST_BYTES);
    assert.throws(() => parseText(text), PayloadTooLargeError);
  });

  void test(`accepts a body of exactly ${MAX_REQUEST_BYTES} bytes`, () => {
    const text = `"${'a'.repeat(MAX_REQUEST_BYTES - 2)}"`;
    assert.equal(Buffer.byteLength(text), MAX_REQUEST_BYTES);
    assert.equal(parseText(text), 'a'.repeat(MAX_REQUEST_BYTES - 2));
  });

  void test('the 413 states the documented limit as a reader expects it', () => {
    assert.throws(() => parseJsonBody(new Uint8Array(MAX_REQUEST_BYTES + 1)), {
      message: 'The request body is over the limit of 65,536 bytes (64 KiB).',
    });
  });

  const assertInvalidEncoding = (bytes: Uint8Array, where: RegExp) => {
    assert.throws(
      () => parseJsonBody(bytes),
      (error: unknown) => {
        assert.ok(error instanceof ValidationError);
        assert.equal(error.status, 400);
        assert.equal(error.code, 'invalid_encoding');
        assert.match(error.message, /^The request body is not valid UTF-8 \(/);
        assert.match(error.message, where);
        return true;
      },
    );
  };

  void test('bytes that are not UTF-8 are refused as invalid_encoding, saying where, not read as U+FFFD', () => {
    const latin1 = Buffer.from('{"prefix":"caf\xe9/"}', 'latin1');
    assertInvalidEncoding(latin1, /invalid byte sequence at byte 14\b/);
    assertInvalidEncoding(
      Buffer.from('\ufeff{"a":1}', 'utf16le'),
      /it is UTF-16LE, by its byte order mark FF FE\)/,
    );
    // An encoded surrogate (CESU-8) and a body cut inside a character.
    assertInvalidEncoding(Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22]), /at byte 1\b/);
    assertInvalidEncoding(Buffer.from([0x22, 0x61, 0xc3]), /ends inside a character/);
  });

  void test('a UTF-8 byte order mark is allowed and dropped (RFC 8259 lets a parser ignore it)', () => {
    assert.deepEqual(parseJsonBody(Buffer.from('\ufeff{"a":"é"}', 'utf8')), { a: 'é' });
  });
});
