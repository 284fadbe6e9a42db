import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Nodes } from 'mdast';
import { PermanentItemError } from '../../../../src/lib/errors.js';
import { markdownFormat } from '../../../../src/lib/formats/markdown.js';
import { parseMarkdown, walkTree } from '../../../../src/lib/formats/markdown/syntaxTree.js';
import { textFormatFor } from '../../../../src/lib/formats/registry.js';
import { appendingTranslator, context, roundTrip, translateWith } from '../../../helpers/formats.js';
import { commonmarkSkeleton, markdownItSkeleton } from '../../../helpers/markdownJudges.js';

/** GFM autolink literals that remark-gfm finds after parsing, in nodes it leaves without a position. */
const LATE_LITERALS = [
  'Say "www.example.com" now',
  '<www.example.com>',
  '[www.x.com]',
  'a/www.x.com',
  'x &quot;www.a.com&quot; y',
  '*see "www.a.com"* and (www.b.com)',
  '> quote "www.q.com"\n> more "mail@q.com"',
];

const unpositioned = (markdown: string): string[] => {
  const found: string[] = [];
  walkTree(parseMarkdown(markdown, { frontMatter: false }), (node: Nodes) => {
    if (node.position?.start.offset === undefined || node.position.end.offset === undefined)
      found.push(node.type);
    return true;
  });
  return found;
};

const markdown = textFormatFor('doc.md');

describe('Markdown syntax tree', () => {
  for (const source of LATE_LITERALS) {
    test(`every node has a source position, and the file translates: ${JSON.stringify(source)}`, async () => {
      assert.deepEqual(unpositioned(source), []);
      assert.equal(roundTrip(markdownFormat, source), source);
      const output = await translateWith(markdownFormat, source, context(), appendingTranslator(' más'));
      for (const address of source.match(/www\.\w+\.com|mail@q\.com/g) ?? [])
        assert.ok(output.includes(address));
    });
  }

  test('the literal found late is still a link, kept whole', () => {
    const pieces = markdownFormat.parse('Say "www.example.com" now', context()).segments[0];
    assert.deepEqual(pieces, [
      { kind: 'text', text: 'Say "' },
      { kind: 'keep', text: 'www.example.com' },
      { kind: 'text', text: '" now' },
    ]);
  });

  test('moderately deep documents (lists and quotes 60 levels deep, emphasis 300) parse and translate', async () => {
    const lists = Array.from({ length: 60 }, (_, depth) => `${'  '.repeat(depth)}- level *${depth}*`).join(
      '\n',
    );
    const quotes = `${'> '.repeat(60)}deep quote`;
    const emphasis = `${'*a '.repeat(300)}core${' b*'.repeat(300)}`;
    const source = `${lists}\n\n${quotes}\n\n${emphasis}\n`;
    assert.ok(markdown);
    const output = await translateWith(markdown, source, context(), appendingTranslator(' [x](y) *z*'));
    assert.deepEqual(markdownItSkeleton(output), markdownItSkeleton(source));
    assert.deepEqual(commonmarkSkeleton(output), commonmarkSkeleton(source));
  });

  test('5,000 nested emphasis levels are read and written without recursion', async () => {
    const source = `${'*'.repeat(5_000)}x${'*'.repeat(5_000)}\n`;
    assert.ok(markdown);
    const output = await translateWith(markdown, source, context(), appendingTranslator(' y'));
    assert.ok(output === `${'*'.repeat(5_000)}x${'*'.repeat(5_000)} y\n`, output.slice(4_990, 5_020));
  });

  test('nesting deeper than the parser can follow is a permanent invalid_document, not a RangeError', () => {
    assert.ok(markdown);
    assert.throws(
      () => markdown.parse(`${'>'.repeat(20_000)} x`, context()),
      (error) =>
        error instanceof PermanentItemError &&
        error.code === 'invalid_document' &&
        /nested too deeply/.test(error.message),
    );
  });
});
