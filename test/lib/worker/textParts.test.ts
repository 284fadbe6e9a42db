import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { textParts } from '../../../src/lib/worker/textParts.js';

async function collect(texts: string[], boundary: ((t: string) => number) | undefined, target: number) {
  async function* stream() {
    for (const t of texts) yield await Promise.resolve(t);
  }
  const parts: string[] = [];
  for await (const part of textParts(stream(), boundary, target)) parts.push(part);
  return parts;
}

const lastBlankLine = (t: string) => {
  const i = t.lastIndexOf('\n\n');
  return i < 0 ? 0 : i + 2;
};

void describe('textParts', () => {
  void test('cuts at the format boundary once a part is large enough; the parts rejoin to the whole', async () => {
    const paragraphs = Array.from({ length: 50 }, (_, i) => `Paragraph ${i} text.\n\n`);
    const chunks = paragraphs.join('').match(/[\s\S]{1,7}/g) ?? [];
    const parts = await collect(chunks, lastBlankLine, 100);
    assert.equal(parts.join(''), paragraphs.join(''));
    assert.ok(parts.length > 5);
    for (const part of parts.slice(0, -1)) assert.ok(part.endsWith('\n\n'), JSON.stringify(part));
  });

  void test('no boundary function, or no boundary found: one part; an empty file is one empty part', async () => {
    assert.deepEqual(await collect(['a', 'b', 'c'], undefined, 1), ['abc']);
    assert.deepEqual(await collect(['aaaa', 'bbbb'], () => 0, 2), ['aaaabbbb']);
    assert.deepEqual(await collect([], lastBlankLine, 10), ['']);
  });
});
