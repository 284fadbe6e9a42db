import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PermanentItemError } from '../../../src/lib/errors.js';
import type { TextFormat } from '../../../src/lib/formats/format.js';
import { guardedFormat, textFormatFor } from '../../../src/lib/formats/registry.js';

const nested = (depth: number, open: string, close: string, inner: string): string =>
  open.repeat(depth) + inner + close.repeat(depth);

const failingFormat = (thrown: unknown): TextFormat => ({
  id: 'failing',
  extensions: ['.failing'],
  version: 1,
  parse() {
    throw thrown;
  },
});

function assertInvalidDocument(parse: () => unknown, message: RegExp): void {
  assert.throws(parse, (error) => {
    assert.ok(error instanceof PermanentItemError, `got ${String(error)}`);
    assert.equal(error.code, 'invalid_document');
    assert.match(error.message, message);
    return true;
  });
}

describe('format registry', () => {
  test('whatever a parser throws becomes a permanent invalid_document naming the format and the reason', () => {
    const context = { targetLanguage: 'es' };
    assertInvalidDocument(
      () => guardedFormat(failingFormat(new Error('unexpected token'))).parse('x', context),
      /as failing: unexpected token/,
    );
    assertInvalidDocument(
      () =>
        guardedFormat(failingFormat(new RangeError('Maximum call stack size exceeded'))).parse('x', context),
      /nested too deeply/,
    );
    const own = new PermanentItemError('invalid_document', 'Invalid JSON at line 1');
    assert.throws(
      () => guardedFormat(failingFormat(own)).parse('x', context),
      (error) => error === own,
    );
  });

  test('4,000 nested JSON objects end as invalid_document instead of a RangeError that would be retried', () => {
    const format = textFormatFor('messages.json');
    assert.ok(format);
    assertInvalidDocument(
      () => format.parse(nested(4_000, '{"a":', '}', '"text"'), { targetLanguage: 'es' }),
      /nested too deeply/,
    );
  });
});
