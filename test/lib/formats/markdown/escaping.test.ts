import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { markdownFormat } from '../../../../src/lib/formats/markdown.js';
import { encodeSegment, restoreTokens } from '../../../../src/lib/translation/tokens.js';
import type { SegmentPieces } from '../../../../src/lib/translation/translator.js';
import { appendingTranslator, scriptedTranslator, translateWith } from '../../../helpers/formats.js';
import { commonmarkSkeleton, markdownItSkeleton, visibleText } from '../../../helpers/markdownJudges.js';

/** Every kind of block and inline syntax the format keeps around translated text. */
const SOURCES: Record<string, string> = {
  paragraph: 'Plain *emphasis*, **strong**, ~~gone~~ and `code` with <kbd>Ctrl</kbd>.\nSecond line.\n',
  links:
    'See [the docs](https://a.example/d "Docs"), [API][api], [api] and ![a cat](cat.png).\n\n[api]: /api\n',
  'escaped link syntax': '\\[bracket](/path) and \\*stars\\* stay text.\n',
  headings: '# Title\n\nSetext title\n============\n\n## Sub *title* ##\n',
  lists: '- one\n- two\n  continued\n\n1. first\n2. second\n\n- [ ] task\n',
  quote: '> Quoted text\n> on two lines\n>\n> - and a list\n',
  table: '| Key | Value |\n|-----|:-----:|\n| `k` | Cell one |\n| a | b |\n',
  'table without edge pipes': 'Key | Value\n--- | ---\nfirst | second\n',
  footnote: 'A claim[^1] here.\n\n[^1]: The source.\n',
  'html block and code': '<div>\nblock\n</div>\n\n```js\nconst a = 1;\n```\n\nAfter *all*.\n',
};

/** Translator behaviours that put Markdown syntax where the source had text. */
const ADVERSARIES: Record<string, ReturnType<typeof appendingTranslator>> = {
  'inline syntax appended': appendingTranslator(
    ' \\[a](/b) *c* _d_ <i>e</i> `f` ~g~ &amp; | h! [^1] ![i](j) [api] <https://x.example> \\',
  ),
  'block markers at line starts': scriptedTranslator((pieces) => {
    const { text, replacements } = encodeSegment(pieces);
    return restoreTokens(
      `# - 1. > [x] ${text}\n\n- k\n# h\n===\n---\n| a |\n|---|\n\`\`\`\n1) z`,
      replacements,
    );
  }),
  'spaces inside emphasis': scriptedTranslator((pieces) => {
    const { text, replacements } = encodeSegment(pieces);
    return restoreTokens(
      text.replace(/⟦\d+⟧/g, (token) => ` ${token} `),
      replacements,
    );
  }),
};

const SUFFIX_SHOWN = '[a](/b) *c* _d_ <i>e</i> `f` ~g~ &amp; | h! [^1] ![i](j) [api] <https://x.example> \\';

describe('Markdown output escaping', () => {
  for (const [sourceName, source] of Object.entries(SOURCES)) {
    for (const [adversary, translator] of Object.entries(ADVERSARIES)) {
      test(`${sourceName}, ${adversary}: markdown-it and commonmark.js see the source's structure`, async () => {
        const output = await translateWith(markdownFormat, source, undefined, translator);
        assert.deepEqual(markdownItSkeleton(output), markdownItSkeleton(source), output);
        assert.deepEqual(commonmarkSkeleton(output), commonmarkSkeleton(source), output);
      });
    }
  }

  test('escaped characters read as the translator wrote them', async () => {
    const output = await translateWith(
      markdownFormat,
      'Some text.\n',
      undefined,
      appendingTranslator(` \\${SUFFIX_SHOWN}`),
    );
    assert.equal(visibleText(output), `Some text. \\${SUFFIX_SHOWN}`);
  });

  test('characters that stay text where they stand are not escaped', async () => {
    const inert = ' 5 * 3, snake_case, a < b, C# | x, Tom & Jerry, [es: note], 1. mid-line, ~ approx!';
    const output = await translateWith(
      markdownFormat,
      'Some *text*.\n',
      undefined,
      appendingTranslator(inert),
    );
    assert.equal(output, `Some *text*.${inert}\n`);
  });

  test('a bracket pair is escaped only where it would link: before ( or [, or naming a definition', async () => {
    const source = 'Text.\n\n[docs]: /docs\n';
    const translate = (suffix: string) =>
      translateWith(markdownFormat, source, undefined, appendingTranslator(suffix));
    assert.equal(await translate(' [see](x)'), 'Text. \\[see\\](x)\n\n[docs]: /docs\n');
    assert.equal(await translate(' [Docs]'), 'Text. \\[Docs\\]\n\n[docs]: /docs\n');
    assert.equal(await translate(' [other]'), 'Text. [other]\n\n[docs]: /docs\n');
  });

  test('inside link text every translated bracket is escaped', async () => {
    const output = await translateWith(
      markdownFormat,
      'Read [the guide](/g).\n',
      undefined,
      scriptedTranslator(() => 'Lee [la [nueva] guía](/g).'),
    );
    assert.equal(output, 'Lee [la \\[nueva\\] guía](/g).\n');
  });

  test('keeps are found where they work, not where translated text repeats them', async () => {
    const answer = (translation: string) => scriptedTranslator(() => translation);
    const emphasis = await translateWith(
      markdownFormat,
      'It is *fifteen*.\n',
      undefined,
      answer('5 * 3 es *quince*.'),
    );
    assert.equal(emphasis, '5 * 3 es *quince*.\n');
    const link = await translateWith(
      markdownFormat,
      '[Install](#install)\n',
      undefined,
      answer('[es: [Instalar](#install)]'),
    );
    assert.equal(link, '[es: [Instalar](#install)]\n');
    const underscores = await translateWith(markdownFormat, '_foo_bar_\n', undefined, answer('_ƒöö_ƀáŕ_'));
    assert.deepEqual(markdownItSkeleton(underscores), markdownItSkeleton('_foo_bar_\n'));
  });

  test("a quote's marker moved into a line by the translator goes back to a line start", async () => {
    const source = '> one\n> two\n';
    const moved = scriptedTranslator((pieces: SegmentPieces) => {
      const { text, replacements } = encodeSegment(pieces);
      return restoreTokens(text.replace('\n', ' '), replacements);
    });
    const output = await translateWith(markdownFormat, source, undefined, moved);
    assert.equal(output, '> one\n> two\n');
  });

  test('line breaks a translation adds to a heading or table cell become spaces, blank lines in a paragraph one break', async () => {
    const answer = scriptedTranslator(() => 'uno\n\ndos  \ntres');
    assert.equal(await translateWith(markdownFormat, '# Title\n', undefined, answer), '# uno dos tres\n');
    assert.equal(await translateWith(markdownFormat, 'Text\n', undefined, answer), 'uno\ndos\ntres\n');
    const table = await translateWith(markdownFormat, '| A |\n|---|\n| b |\n', undefined, answer);
    assert.equal(table, '| uno dos tres |\n|---|\n| uno dos tres |\n');
  });

  test('an identity translation writes the source byte for byte, escapes and all', async () => {
    const source = '\\[bracket](/path) a_b *c*\n';
    assert.equal(await translateWith(markdownFormat, source, undefined, appendingTranslator('')), source);
  });
});
