import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ParsedDocument } from '../../../../src/lib/formats/format.js';
import { markdownFormat } from '../../../../src/lib/formats/markdown.js';
import { ParseMemo } from '../../../../src/lib/formats/markdown/parseMemo.js';

const documentOf = (name: string): ParsedDocument => ({ segments: [], render: () => name });

/** A memo over `parse` that counts how often it really parses. */
function counted(limitChars?: number) {
  const memo = new ParseMemo(limitChars);
  let parses = 0;
  const take = (key: string) =>
    memo.take(key, () => {
      parses++;
      return documentOf(key);
    });
  return { take, parses: () => parses };
}

describe('ParseMemo', () => {
  test('the render step reuses the segments step’s parse of the same text, once', () => {
    const memo = counted();
    const forSegments = memo.take('# Title');
    const forRender = memo.take('# Title');
    assert.equal(forRender, forSegments);
    assert.equal(memo.parses(), 1);
    // Used once, it is forgotten: a third parse of the same text parses again.
    assert.notEqual(memo.take('# Title'), forSegments);
    assert.equal(memo.parses(), 2);
  });

  test('documents of other texts parsed in between do not get in the way', () => {
    const memo = counted();
    const a = memo.take('a');
    const b = memo.take('b');
    assert.equal(memo.take('a'), a);
    assert.equal(memo.take('b'), b);
    assert.equal(memo.parses(), 2);
  });

  test('holds at most its limit of characters, dropping the oldest first', () => {
    const memo = counted(10);
    memo.take('aaaa');
    memo.take('bbbb');
    memo.take('cccc'); // 12 characters: 'aaaa' goes
    memo.take('aaaa');
    assert.equal(memo.parses(), 4);
    memo.take('cccc');
    assert.equal(memo.parses(), 4);
  });

  test('a text longer than the limit is parsed every time, never held', () => {
    const memo = counted(3);
    memo.take('long');
    memo.take('long');
    assert.equal(memo.parses(), 2);
  });
});

describe('markdownFormat and its memo', () => {
  const source = '# Title\n\nSome *text* with [a link](https://example.com).\n\n[ref]: https://example.com\n';

  test('a document taken from the memo renders like a fresh parse', () => {
    const context = { targetLanguage: 'es' };
    const translations = ['Título', 'Algo de *texto* con [un enlace](https://example.com).'];
    const first = markdownFormat.parse(source, context);
    const reused = markdownFormat.parse(source, context);
    const fresh = markdownFormat.parse(source, context);
    assert.equal(reused, first);
    assert.notEqual(fresh, first);
    assert.deepEqual(reused.segments, fresh.segments);
    assert.equal(reused.render(translations), fresh.render(translations));
  });

  test('the same text as another part of a file, or with other definitions, is parsed afresh', () => {
    const first = markdownFormat.parse(source, {
      targetLanguage: 'es',
      chunk: { index: 0, definitions: '' },
    });
    const later = markdownFormat.parse(source, {
      targetLanguage: 'es',
      chunk: { index: 1, definitions: '' },
    });
    const defined = markdownFormat.parse(source, {
      targetLanguage: 'es',
      chunk: { index: 0, definitions: '[other]: https://other.example' },
    });
    assert.notEqual(later, first);
    assert.notEqual(defined, first);
    assert.notEqual(defined, later);
  });
});
