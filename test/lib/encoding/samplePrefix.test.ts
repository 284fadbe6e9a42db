import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { samplePrefix } from '../../../src/lib/encoding/samplePrefix.js';

async function* stream(chunks: string[], read: string[]): AsyncGenerator<Buffer> {
  for (const chunk of chunks) {
    read.push(chunk);
    yield Buffer.from(chunk);
  }
}

const collect = async (chunks: AsyncIterable<Buffer>) => {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts).toString();
};

describe('samplePrefix', () => {
  test('reads only as far as the sample, then gives back the whole stream', async () => {
    const read: string[] = [];
    const result = await samplePrefix(stream(['abc', 'def', 'ghi', 'jkl'], read), 5);
    assert.equal(result.sample.toString(), 'abcde');
    assert.equal(result.complete, false);
    assert.deepEqual(read, ['abc', 'def'], 'nothing past the sample is read yet');
    assert.equal(await collect(result.chunks), 'abcdefghijkl');
  });

  test('a stream shorter than the sample is complete', async () => {
    const result = await samplePrefix(stream(['ab', 'c'], []), 100);
    assert.equal(result.sample.toString(), 'abc');
    assert.equal(result.complete, true);
    assert.equal(await collect(result.chunks), 'abc');
  });
});
