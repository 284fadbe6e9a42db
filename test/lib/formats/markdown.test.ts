import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Nodes } from 'mdast';
import { visit } from 'unist-util-visit';
import { parse as parseYaml } from 'yaml';
import { markdownFormat } from '../../../src/lib/formats/markdown.js';
import { endOf, parseMarkdown, startOf } from '../../../src/lib/formats/markdown/syntaxTree.js';
import { sourceText } from '../../../src/lib/translation/tokens.js';
import { context, fixture, roundTrip, translateWith } from '../../helpers/formats.js';

const guide = fixture('guide.md');
const withCrlf = (text: string): string => text.replace(/\n/g, '\r\n');

const segmentsOf = (markdown: string): string[] =>
  markdownFormat.parse(markdown, context()).segments.map(sourceText);

/** The first segment's pieces as [kind, text] pairs, easy to compare. */
const piecesOf = (markdown: string): [string, string][] =>
  (markdownFormat.parse(markdown, context()).segments[0] ?? []).map((p) => [p.kind, p.text]);

const occurrences = (text: string, part: string): number => text.split(part).length - 1;

const rawOf = (text: string, node: Nodes): string => text.slice(startOf(node), endOf(node));

/** Source slices that must come through translation byte for byte: code, HTML, URLs, definitions. */
function protectedSlices(text: string): string[] {
  const slices: string[] = [];
  visit(parseMarkdown(text, { frontMatter: true }), (node) => {
    if (['code', 'html', 'inlineCode', 'definition', 'footnoteReference'].includes(node.type)) {
      slices.push(rawOf(text, node));
    } else if (node.type === 'link' || node.type === 'image') {
      const raw = rawOf(text, node);
      slices.push(raw.startsWith('[') || raw.startsWith('![') ? `](${node.url}` : raw);
    }
  });
  return slices;
}

/** Node types in document order, text left out: what a translation must not change. */
function shapeOf(text: string): string[] {
  const types: string[] = [];
  visit(parseMarkdown(text, { frontMatter: true }), (node) => {
    if (node.type !== 'text') types.push(node.type);
  });
  return types;
}

const frontMatterOf = (text: string): Record<string, unknown> =>
  parseYaml(/^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] ?? '') as Record<string, unknown>;

const ROUND_TRIP_CASES: Record<string, string> = {
  'guide.md': guide,
  'guide.md with CRLF': withCrlf(guide),
  'empty file': '',
  'no trailing newline': '# Title\n\nLast paragraph without newline',
  'unicode without BOM':
    '# Größe ändern\n\n日本語の段落。😀 Emoji — dashes.\n\n| Ключ | Значение |\n|---|---|\n| α | β |\n',
  'with BOM': '\uFEFF---\ntitle: Hello\n---\n\n# Title\n\nText with [a link](https://a.example).\n',
  'front matter only': '---\ntitle: Only front matter\n---',
  'unclosed fence': 'Intro\n\n```js\nconst a = 1;\n\nconst b = 2;',
  'unclosed HTML comment': 'Intro\n\n<!-- draft\n\nstill comment',
  'tabs and nested containers': '-\tItem one\n\tcontinued\n\n>\tQuote\n>\t- nested *list*\n>\t  lazy\nline\n',
  'whitespace only': '   \n\n\t\n',
  'headings without text': '#\n\n##   \n\nSetext\n===\n',
  'definitions only': '[a]: https://a.example "A"\n[b]: <https://b.example>\n',
};

void describe('markdownFormat', () => {
  for (const [name, text] of Object.entries(ROUND_TRIP_CASES)) {
    void test(`round trip is byte for byte: ${name}`, () => {
      assert.equal(roundTrip(markdownFormat, text), text);
    });
  }

  void test('round trip and pseudo translation hold on documents made of shuffled guide lines', async () => {
    const lines = guide.split('\n');
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let run = 0; run < 150; run++) {
      const picked = Array.from({ length: 5 + Math.floor(random() * 30) }, () => {
        return lines[Math.floor(random() * lines.length)] ?? '';
      });
      const text = run % 2 === 0 ? picked.join('\n') : withCrlf(picked.join('\n'));
      assert.equal(roundTrip(markdownFormat, text), text, JSON.stringify(text));
      await translateWith(markdownFormat, text); // throws if a protected piece got lost
    }
  });

  void test('link text is translated; brackets and destination are kept', () => {
    assert.deepEqual(piecesOf('See [the docs](https://x.example/a "Docs") now.'), [
      ['text', 'See '],
      ['keep', '['],
      ['text', 'the docs'],
      ['keep', '](https://x.example/a "Docs")'],
      ['text', ' now.'],
    ]);
  });

  void test('image alt text is translated; the rest of the image is kept', () => {
    assert.deepEqual(piecesOf('![A *big* cat](cat.png "Cat")'), [
      ['keep', '!['],
      ['text', 'A '],
      ['keep', '*'],
      ['text', 'big'],
      ['keep', '*'],
      ['text', ' cat'],
      ['keep', '](cat.png "Cat")'],
    ]);
  });

  void test('autolinks, bare URLs and e-mail addresses are kept whole', () => {
    assert.deepEqual(
      piecesOf('Go to <https://a.example>, https://b.example/x or www.c.example, mail d@e.example.'),
      [
        ['text', 'Go to '],
        ['keep', '<https://a.example>'],
        ['text', ', '],
        ['keep', 'https://b.example/x'],
        ['text', ' or '],
        ['keep', 'www.c.example'],
        ['text', ', mail '],
        ['keep', 'd@e.example'],
        ['text', '.'],
      ],
    );
  });

  void test('inline code, inline HTML, emphasis and strikethrough markers are kept', () => {
    assert.deepEqual(piecesOf('Run `npm i` with <kbd>Ctrl</kbd>, **care** and ~~haste~~.'), [
      ['text', 'Run '],
      ['keep', '`npm i`'],
      ['text', ' with '],
      ['keep', '<kbd>Ctrl</kbd>'],
      ['text', ', '],
      ['keep', '**'],
      ['text', 'care'],
      ['keep', '**'],
      ['text', ' and '],
      ['keep', '~~'],
      ['text', 'haste'],
      ['keep', '~~'],
      ['text', '.'],
    ]);
  });

  void test('escapes, character references, footnote references and hard breaks are kept', () => {
    assert.deepEqual(piecesOf('A \\* B &amp; C&#35;[^n] one  \ntwo\\\nthree\n\n[^n]: Note.'), [
      ['text', 'A '],
      ['keep', '\\*'],
      ['text', ' B '],
      ['keep', '&amp;'],
      ['text', ' C'],
      ['keep', '&#35;[^n]'],
      ['text', ' one'],
      ['keep', '  \n'],
      ['text', 'two'],
      ['keep', '\\\n'],
      ['text', 'three'],
    ]);
  });

  void test("a blockquote's continuation markers are kept, its text is translated", () => {
    assert.deepEqual(piecesOf('> one\n> two\n>  three'), [
      ['text', 'one\n'],
      ['keep', '> '],
      ['text', 'two\n'],
      ['keep', '>  '],
      ['text', 'three'],
    ]);
  });

  void test('references found by their text are kept whole; a full reference has its text translated', () => {
    const text = '[Docs] and [API][] and [the guide][g].\n\n[docs]: /d\n[api]: /a\n[g]: /g\n';
    assert.deepEqual(piecesOf(text), [
      ['keep', '[Docs]'],
      ['text', ' and '],
      ['keep', '[API][]'],
      ['text', ' and '],
      ['keep', '['],
      ['text', 'the guide'],
      ['keep', '][g]'],
      ['text', '.'],
    ]);
  });

  void test('GitHub alert and container directive markers at a block edge stay outside the segment', () => {
    assert.deepEqual(piecesOf('> [!WARNING]\n> Be careful.'), [['text', 'Be careful.']]);
    assert.deepEqual(piecesOf(':::tip Helpful\nContent here.\n:::'), [['text', 'Helpful\nContent here.']]);
    assert.deepEqual(piecesOf('Intro\n:::note\nInside.'), [
      ['text', 'Intro\n'],
      ['keep', ':::note'],
      ['text', '\nInside.'],
    ]);
  });

  void test('paragraphs, headings and table cells are segments, in lists, quotes and footnotes too', () => {
    const text =
      '# Title\n\n- [ ] Write docs\n  1. Nested\n\n> Quoted\n\n| Key | Value |\n|---|---|\n| `k` | Cell |\n\nA[^f]\n\n[^f]: Footnote body.\n';
    assert.deepEqual(segmentsOf(text), [
      'Title',
      'Write docs',
      'Nested',
      'Quoted',
      'Key',
      'Value',
      'Cell',
      'A[^f]',
      'Footnote body.',
    ]);
  });

  void test('code, HTML blocks, definitions and thematic breaks are never segments, nor runs without letters', () => {
    const text =
      'Intro\n\n```\nfenced text\n```\n\n    indented text\n\n<div>\nhtml text\n</div>\n\n[x]: /y "Title text"\n\n***\n\n`code only`\n\n![](x.png)\n\n1.0.0 -- 2.0.0\n';
    assert.deepEqual(segmentsOf(text), ['Intro']);
  });

  for (const [name, source] of [
    ['LF', guide],
    ['CRLF', withCrlf(guide)],
  ] as const) {
    void test(`pseudo-translating guide.md (${name}) keeps every protected byte and translates the text`, async () => {
      const output = await translateWith(markdownFormat, source);
      for (const slice of protectedSlices(source)) {
        assert.ok(occurrences(output, slice) >= occurrences(source, slice), `kept: ${JSON.stringify(slice)}`);
      }
      assert.deepEqual(shapeOf(output), shapeOf(source), 'same Markdown structure');
      const segments = markdownFormat.parse(source, context()).segments;
      assert.equal(occurrences(output, '[es: ') - occurrences(source, '[es: '), segments.length);

      const tree = parseMarkdown(output, { frontMatter: true });
      visit(tree, 'heading', (heading) => {
        assert.match(rawOf(output, heading), /\[es: /, 'every heading is translated');
      });
      assert.ok(output.includes('- [es: [Íñšţáļļ ţĥé ÇĻÍ](#install-the-cli)]'));
      assert.ok(output.includes('[ṀÍŢ ļíçéñšé](https://opensource.org/licenses/MIT "MIT License")'));
      assert.ok(
        output.includes(
          '![Ĥáŕƀöŕ þúƀļíšĥíñĝ á šíţé ţö á ŕéĝíšţŕý](./images/overview.png "Overview diagram")',
        ),
      );
      assert.ok(
        output.includes('[ĜíţĤúƀ Çöñţáíñéŕ Ŕéĝíšţŕý][ghcr]'),
        'full reference: text translated, label kept',
      );

      const before = frontMatterOf(source);
      const after = frontMatterOf(output);
      assert.deepEqual(Object.keys(after), Object.keys(before));
      assert.equal(after.title, '[es: Ĝéţţíñĝ šţáŕţéð ŵíţĥ Ĥáŕƀöŕ]');
      assert.equal(after.sidebar_label, "[es: Ĥáŕƀöŕ'š ǫúíçķ šţáŕţ]");
      for (const key of ['tags', 'date', 'slug', 'weight', 'draft'])
        assert.deepEqual(after[key], before[key], key);

      if (name === 'CRLF') assert.doesNotMatch(output, /(?<!\r)\n/, 'every line ending is still CRLF');
    });
  }
});
