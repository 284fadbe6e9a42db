import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { illFormedStrings } from '../../../src/lib/http/illFormedStrings.js';

void describe('illFormedStrings', () => {
  void test('names every string and key holding a lone surrogate, in the body order', () => {
    const body = JSON.parse(
      '{"prefix":"a\\ud800","list":["ok","\\udfff b"],"map":{"k\\ud83d":"v","nested":{"x":"\\ud83d\\ude00"}}}',
    ) as unknown;
    assert.deepEqual(illFormedStrings(body), [
      { field: 'prefix', message: 'is not well-formed Unicode: it holds a lone surrogate (U+D800)' },
      { field: 'list.1', message: 'is not well-formed Unicode: it holds a lone surrogate (U+DFFF)' },
      {
        field: 'map.k\\uD83D',
        message: 'is not well-formed Unicode: its name holds a lone surrogate (U+D83D)',
      },
    ]);
  });

  void test('well-formed text, emoji, numbers and nulls pass', () => {
    assert.deepEqual(illFormedStrings({ a: ['😀', 1, null, true], b: { c: 'é' } }), []);
    assert.deepEqual(illFormedStrings('\ud800'), [
      { field: '(body)', message: 'is not well-formed Unicode: it holds a lone surrogate (U+D800)' },
    ]);
  });

  void test('a body nested 30,000 deep is walked without exhausting the stack', () => {
    const deep = JSON.parse(`${'['.repeat(30_000)}"\\ud800"${']'.repeat(30_000)}`) as unknown;
    const [problem] = illFormedStrings(deep);
    assert.equal(problem?.field.split('.').length, 30_000);
  });
});
