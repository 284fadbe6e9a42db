import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Nodes } from 'mdast';
import { visit } from 'unist-util-visit';
import type { FormatContext } from '../../../../src/lib/formats/format.js';
import { markdownFormat } from '../../../../src/lib/formats/markdown.js';
import { endOf, parseMarkdown, startOf } from '../../../../src/lib/formats/markdown/syntaxTree.js';
import { translateWith } from '../../../helpers/formats.js';
import { guide, largeDocument, repeatedGuide, shuffledGuides, withCrlf } from './chunkingDocuments.js';
import { oracleCuts, oracleDefinitions } from './chunkingOracle.js';

const boundaryOf = (text: string): number => markdownFormat.chunkBoundary?.(text) ?? 0;
const definitionsOf = (text: string): string => markdownFormat.collectDefinitions?.(text) ?? '';

/** Cuts `text` where chunkBoundary allows, looking `window` characters ahead (more when it must). */
function splitAtBoundaries(text: string, window: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > window) {
    let cut = 0;
    for (let size = window; cut === 0 && size < rest.length; size *= 2) cut = boundaryOf(rest.slice(0, size));
    if (cut === 0) break;
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  return rest === '' ? parts : [...parts, rest];
}

/**
 * Every cut chunkBoundary returns for a start of `text`: each line that could be one (after a blank line,
 * at column 0) is asked about with the text up to its end, as the worker's growing window would.
 */
function scannerCuts(text: string): number[] {
  const cuts = new Set<number>();
  for (const blank of text.matchAll(/\n[ \t]*\r?\n(?=[^ \t\r\n])/g)) {
    const lineEnd = text.indexOf('\n', blank.index + blank[0].length);
    const cut = boundaryOf(lineEnd === -1 ? text : text.slice(0, lineEnd));
    if (cut > 0) cuts.add(cut);
  }
  return [...cuts].sort((a, b) => a - b);
}

/** [start, end) of every fenced code block, HTML block and the front matter. */
function unbreakableRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  visit(parseMarkdown(text, { frontMatter: true }), (node: Nodes) => {
    const raw = node.position ? text.slice(startOf(node), endOf(node)) : '';
    if (
      (node.type === 'code' && /^ {0,3}(```|~~~)/.test(raw)) ||
      node.type === 'html' ||
      node.type === 'yaml'
    ) {
      ranges.push([startOf(node), endOf(node)]);
    }
  });
  return ranges;
}

async function translateInParts(parts: string[], definitions: string): Promise<string[]> {
  return Promise.all(
    parts.map((part, index) => {
      const ctx: FormatContext = { targetLanguage: 'es', chunk: { index, definitions } };
      return translateWith(markdownFormat, part, ctx);
    }),
  );
}

/** The definitions a Markdown text resolves references with: label and URL of each, in order. */
function resolvedDefinitions(markdown: string): string[] {
  const found: string[] = [];
  visit(parseMarkdown(markdown, { frontMatter: false }), (node) => {
    if (node.type === 'definition') found.push(`${node.identifier} ${node.url}`);
    if (node.type === 'footnoteDefinition') found.push(`^${node.identifier}`);
  });
  return found;
}

const withoutTitles = (definitions: string): string => definitions.replace(/ "(?:[^"\\]|\\.)*"$/gm, '');

const DOCUMENTS: Record<string, string> = {
  'guide.md': guide,
  'guide.md with CRLF': withCrlf(guide),
  'a generated 60-section manual': largeDocument(60),
};
const SHUFFLED = shuffledGuides(200);

void describe('markdown chunking', () => {
  void test('chunkBoundary is the start of the last block after a blank line, 0 when there is none', () => {
    assert.equal(boundaryOf('One paragraph\nno blank line'), 0);
    assert.equal(boundaryOf('# Title\n\nBody\n'), '# Title\n\n'.length);
    assert.equal(boundaryOf('A\r\n\r\nB\r\n\r\n  C'), 'A\r\n\r\n'.length, 'never an indented line');
    assert.equal(boundaryOf('- a\n\n- b\n\n  more b\n'), '- a\n\n'.length, 'between items of a list');
    assert.equal(boundaryOf('Text\n\n'), 0, 'a blank line at the end has nothing after it yet');
    assert.equal(
      boundaryOf('Intro\n\n---\n\nAfter'),
      'Intro\n\n---\n\n'.length,
      'never a front matter fence',
    );
    assert.equal(boundaryOf('---\ntitle: T\n\nBody\n\nMore'), 0, 'front matter that may close further on');
  });

  void test('no boundary falls inside a fence, an HTML block or front matter, even when the text ends there', () => {
    const fence = 'Intro\n\n```js\na\n\n``` not a closing fence\n\nb\n  ```\n\n';
    assert.equal(boundaryOf(`${fence}After`), fence.length);
    assert.equal(boundaryOf('Intro\n\n```js\na\n\n``` info\n\nb'), 'Intro\n\n'.length);
    assert.equal(boundaryOf('Intro\n\n~~~~\n~~~\n\n~~~~\n\nAfter'), 'Intro\n\n~~~~\n~~~\n\n~~~~\n\n'.length);
    assert.equal(boundaryOf('Intro\n\n```js\nunfinished\n\ncode'), 'Intro\n\n'.length);
    assert.equal(boundaryOf('Intro\n\n<!-- a\n\nb -->\n\nAfter'), 'Intro\n\n<!-- a\n\nb -->\n\n'.length);
    assert.equal(boundaryOf('Intro\n\n<pre>\na\n\nb</pre>'), 'Intro\n\n'.length);
    assert.equal(
      boundaryOf('---\ntitle: T\n\ntags: [a]\n---\n\nBody'),
      '---\ntitle: T\n\ntags: [a]\n---\n\n'.length,
    );
  });

  void test('fences and HTML blocks begin and end where the parser says, not where a line looks like one', () => {
    const listFence = '- step\n  ```\n  code\n```\nstill code: the item ended, a fence opened\n\nAfter';
    assert.equal(boundaryOf(`Intro\n\n${listFence}`), 'Intro\n\n'.length);
    assert.equal(
      boundaryOf('Intro\n\n<div>\n```\n</div>\n\nAfter'),
      'Intro\n\n<div>\n```\n</div>\n\n'.length,
    );
    const table = 'a | b\n-|-\nrow\n<span>\n```\n\n';
    assert.equal(boundaryOf(`${table}After`), table.length, 'a tag after a table row holds the fence line');
    const quote = '> a\n```\n\n';
    assert.equal(boundaryOf(`${quote}After\n\n`), 0, 'the fence line ends the quote and opens a fence');
    const code = '    code\n\n2. read as text after indented code\n\n';
    assert.equal(boundaryOf(`${code}3. a list\n`), code.length, 'cut nowhere a list would start differently');
    assert.equal(boundaryOf(`${code}`), 0);
  });

  for (const [name, text] of Object.entries(DOCUMENTS)) {
    void test(`no boundary lies inside a code fence, HTML block or front matter: ${name}`, () => {
      const ranges = unbreakableRanges(text);
      assert.ok(ranges.length > 3);
      for (const window of [60, 150, 400, 1000]) {
        let offset = 0;
        for (const part of splitAtBoundaries(text, window)) {
          offset += part.length;
          const inside = ranges.find(([start, end]) => start < offset && offset < end);
          assert.equal(
            inside,
            undefined,
            `window ${window}: cut at ${offset} inside ${JSON.stringify(inside)}`,
          );
        }
      }
    });

    void test(`translating in parts at chunk boundaries equals translating the whole: ${name}`, async () => {
      const whole = await translateWith(markdownFormat, text);
      const definitions = definitionsOf(text);
      for (const window of [200, 700, 2000]) {
        const parts = splitAtBoundaries(text, window);
        assert.ok(parts.length > 2, `window ${window} splits the text`);
        assert.equal(parts.join(''), text);
        assert.equal((await translateInParts(parts, definitions)).join(''), whole, `window ${window}`);
      }
      const parts = splitAtBoundaries(text, 700);
      assert.notEqual(
        (await translateInParts(parts, '')).join(''),
        whole,
        'without the definitions, references would break',
      );
    });
  }

  void test('every cut is one the parse tree allows, and on guide.md every such cut at column 0 is found', () => {
    for (const text of [...Object.values(DOCUMENTS), ...SHUFFLED]) {
      const allowed = new Set(oracleCuts(text));
      for (const cut of scannerCuts(text)) assert.ok(allowed.has(cut), `${cut} in ${JSON.stringify(text)}`);
      const prefix = text.slice(0, Math.floor(text.length * 0.6));
      const cut = boundaryOf(prefix);
      assert.ok(cut === 0 || oracleCuts(prefix).includes(cut), `prefix of ${JSON.stringify(text)}`);
    }
    for (const text of [guide, withCrlf(guide)]) {
      const atColumn0 = oracleCuts(text).filter((cut) => !/^(?:[ \t]|---[ \t]*\r?\n)/.test(text.slice(cut)));
      assert.deepEqual(scannerCuts(text), atColumn0);
    }
  });

  void test('translating shuffled documents in parts equals translating them whole', async () => {
    let split = 0;
    for (const text of SHUFFLED) {
      const parts = splitAtBoundaries(text, 200);
      if (parts.length < 2) continue;
      split++;
      const whole = await translateWith(markdownFormat, text);
      const translated = await translateInParts(parts, definitionsOf(text));
      // Later parts get the definitions in front, so even a last part ending in an unclosed fence resolves them.
      assert.equal(translated.join(''), whole, JSON.stringify(parts));
    }
    assert.ok(split > 100, `${split} documents split`);
  });

  void test('collectDefinitions resolves references as the parse tree does, on every document', () => {
    for (const text of [...Object.values(DOCUMENTS), repeatedGuide(50_000), ...SHUFFLED]) {
      const oracle = oracleDefinitions(text);
      assert.equal(withoutTitles(definitionsOf(text)), withoutTitles(oracle), JSON.stringify(text));
      assert.deepEqual(resolvedDefinitions(definitionsOf(text)), resolvedDefinitions(oracle));
    }
  });

  void test('collectDefinitions lists every link definition and footnote label, and nothing else', () => {
    const definitions = definitionsOf(guide);
    const nodes = (text: string): string[] => {
      const found: string[] = [];
      visit(parseMarkdown(text, { frontMatter: true }), (node) => {
        if (node.type === 'definition') found.push(`${node.identifier} ${node.url} ${node.title ?? ''}`);
        if (node.type === 'footnoteDefinition') found.push(`^${node.identifier}`);
      });
      return found;
    };
    assert.deepEqual(nodes(definitions).sort(), nodes(guide).sort());
    assert.equal(parseMarkdown(definitions, { frontMatter: true }).children.length, nodes(guide).length);
    assert.match(
      definitions,
      /^\[acr\]: <https:\/\/learn\.microsoft\.com\/azure\/container-registry\/> "Azure/m,
    );
    assert.match(definitions, /^\[\^retention\]:$/m);
  });

  void test('collectDefinitions escapes what Markdown would decode, and keeps the first of duplicate labels', () => {
    const text =
      '[a]: <https://x.example/a\\>b> "Say \\"hi\\" &amp; go"\n[A]: /ignored\n\n[b]: https://x.example/&amp;\n';
    const definitions = definitionsOf(text);
    const found: string[] = [];
    visit(parseMarkdown(definitions, { frontMatter: false }), 'definition', (node) => {
      found.push(`${node.identifier}|${node.url}|${node.title ?? ''}`);
    });
    assert.deepEqual(found, ['a|https://x.example/a>b|Say "hi" & go', 'b|https://x.example/&|']);
  });

  void test('collectDefinitions reads definitions spread over lines, and not a table head that looks like one', () => {
    const text = [
      '[a]:\n  /on-the-next-line\n      [b]: /indented-in-the-run',
      '[c]: /title-below\n"Title"\n[d]: /long-title "one\ntwo"',
      '[e]: /head-of-a-table\n:--\n\n[f]: /x "title" trailing words',
      '> [g]: /in-a-quote\n\n- [h]: </in a list> (paren)',
    ].join('\n\n');
    assert.deepEqual(resolvedDefinitions(definitionsOf(text)), resolvedDefinitions(oracleDefinitions(text)));
    assert.deepEqual(
      resolvedDefinitions(definitionsOf(text)).map((line) => line.split(' ')[0]),
      ['a', 'b', 'c', 'd', 'g', 'h'],
    );
  });

  void test('reading a 1 MB document costs under a twentieth of parsing it once', () => {
    const text = repeatedGuide(1024 * 1024);
    let scan = Infinity;
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      boundaryOf(text);
      definitionsOf(text);
      scan = Math.min(scan, performance.now() - started);
    }
    const started = performance.now();
    parseMarkdown(text, { frontMatter: true });
    const parse = performance.now() - started;
    assert.ok(parse > 20 * scan, `parse ${parse.toFixed(0)} ms, both scans ${scan.toFixed(0)} ms`);
  });
});
