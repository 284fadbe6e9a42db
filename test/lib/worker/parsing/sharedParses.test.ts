import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SharedParses } from '../../../../src/lib/worker/parsing/sharedParses.js';

/** A parse that counts its calls and answers a fresh object each time, once `finish` is called. */
function heldParse() {
  const counted = { calls: 0 };
  let finish = (): void => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const parse = async () => {
    counted.calls += 1;
    await finished;
    return { segments: [[{ kind: 'text', text: 'Hello' }]] };
  };
  return { counted, parse, finish: () => finish() };
}

void describe('SharedParses: one parse for every item that asks with the same text', () => {
  void test('askers at the same time share the first one’s parse, and each gets an answer of its own', async () => {
    const shared = new SharedParses<{ segments: { kind: string; text: string }[][] }>();
    const { counted, parse, finish } = heldParse();
    const asked = Promise.all([1, 2, 3].map(() => shared.take('key', 5, parse)));
    finish();
    const answers = await asked;
    assert.equal(counted.calls, 1);
    assert.deepEqual(answers[1], answers[0]);
    assert.notEqual(answers[1], answers[0]);
    assert.notEqual(answers[2], answers[1]);
    const later = await shared.take('key', 5, parse);
    assert.equal(counted.calls, 1, 'a later asker finds the answer remembered');
    assert.deepEqual(later, answers[0]);
  });

  void test('a failed parse fails those waiting on it and is forgotten, so the next asker parses again', async () => {
    const shared = new SharedParses<string>();
    let calls = 0;
    const failing = () => {
      calls += 1;
      return Promise.reject(new Error('thread died'));
    };
    const results = await Promise.allSettled([
      shared.take('key', 5, failing),
      shared.take('key', 5, failing),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected'],
    );
    assert.equal(calls, 1);
    assert.equal(await shared.take('key', 5, () => Promise.resolve('parsed')), 'parsed');
  });

  void test('beyond its limit the oldest answers are forgotten, and a text over the limit is never kept', async () => {
    const shared = new SharedParses<string>(10);
    const calls: string[] = [];
    const parse = (name: string) => () => {
      calls.push(name);
      return Promise.resolve(name);
    };
    await shared.take('a', 6, parse('a'));
    await shared.take('b', 4, parse('b'));
    await shared.take('c', 3, parse('c')); // 13 characters: a goes
    await shared.take('b', 4, parse('b'));
    await shared.take('a', 6, parse('a'));
    await shared.take('huge', 11, parse('huge'));
    await shared.take('huge', 11, parse('huge'));
    assert.deepEqual(calls, ['a', 'b', 'c', 'a', 'huge', 'huge']);
  });
});
