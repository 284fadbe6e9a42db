import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MAX_DEQUEUE_COUNT } from '../../../src/lib/storage/queuePolicy.js';

void test("MAX_DEQUEUE_COUNT is host.json's maxDequeueCount, which the poison handler reports", () => {
  const host = JSON.parse(readFileSync('host.json', 'utf8')) as {
    extensions: { queues: { maxDequeueCount: number } };
  };
  assert.equal(MAX_DEQUEUE_COUNT, host.extensions.queues.maxDequeueCount);
});
