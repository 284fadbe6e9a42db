import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { packRequests } from '../../../src/lib/translation/packRequests.js';

void describe('packRequests', () => {
  void test('fills each request up to the character and element limits, in order', () => {
    assert.deepEqual(packRequests([4, 4, 4, 4, 4], { maxChars: 10, maxSegments: 10 }), [[0, 1], [2, 3], [4]]);
    assert.deepEqual(packRequests([1, 1, 1], { maxChars: 100, maxSegments: 2 }), [[0, 1], [2]]);
  });

  void test('uses the minimum number of requests the limits allow', () => {
    const lengths = Array.from({ length: 500 }, (_, i) => 50 + ((i * 37) % 400));
    const total = lengths.reduce((a, b) => a + b, 0);
    const requests = packRequests(lengths, { maxChars: 5000, maxSegments: 1000 });
    assert.ok(requests.length <= Math.ceil(total / 5000) + 1, `${requests.length} for ${total}`);
    assert.deepEqual(
      requests.flat(),
      lengths.map((_, i) => i),
    );
  });

  void test('an oversize segment gets a request of its own; no input, no requests', () => {
    assert.deepEqual(packRequests([3, 50, 3], { maxChars: 10, maxSegments: 10 }), [[0], [1], [2]]);
    assert.deepEqual(packRequests([], { maxChars: 10, maxSegments: 10 }), []);
  });
});
