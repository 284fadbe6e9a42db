import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { markdownFormat, TRANSLATED_FRONT_MATTER_KEYS } from '../../../../src/lib/formats/markdown.js';
import { sourceText } from '../../../../src/lib/translation/tokens.js';
import { context, roundTrip, translateWith } from '../../../helpers/formats.js';

const page = (frontMatter: string): string => `---\n${frontMatter}\n---\n\n# Heading\n`;

const segmentsOf = (markdown: string): string[] =>
  markdownFormat.parse(markdown, context()).segments.map(sourceText);

/** Renders `markdown` with `translation` for its first segment (the first translated front-matter value). */
function renderFirst(markdown: string, translation: string): string {
  const document = markdownFormat.parse(markdown, context());
  return document.render(document.segments.map((pieces, i) => (i === 0 ? translation : sourceText(pieces))));
}

/** The front matter of `markdown` as YAML; fails the test when it is not valid YAML. */
function frontMatterOf(markdown: string): Record<string, unknown> {
  const yaml = /^---\r?\n([\s\S]*?)\r?\n---/.exec(markdown)?.[1] ?? '';
  const document = parseDocument(yaml);
  assert.deepEqual(document.errors, [], `valid YAML:\n${yaml}`);
  return document.toJS() as Record<string, unknown>;
}

const STYLES = {
  plain: 'title: Getting started',
  'single-quoted': "title: 'Getting started'",
  'double-quoted': 'title: "Getting started"',
};

/** Translations that cannot be written as they come in at least one style. */
const AWKWARD_TRANSLATIONS = [
  'Guía: primeros pasos',
  'Primeros pasos # uno',
  "Démarrer l'application",
  'Dice "hola" al mundo',
  '- empieza con guion',
  '[es: corchetes]',
  '{llaves}',
  'true',
  '123',
  '  espacios alrededor  ',
  '@arroba y `acento grave`',
  'tab\tdentro',
];

void describe('markdown front matter', () => {
  void test('the translated keys are the prose ones', () => {
    assert.deepEqual(
      [...TRANSLATED_FRONT_MATTER_KEYS].sort(),
      ['description', 'excerpt', 'linkTitle', 'sidebar_label', 'subtitle', 'summary', 'title'].sort(),
    );
  });

  for (const [style, line] of Object.entries(STYLES)) {
    void test(`a ${style} value keeps its style when the translation fits it`, () => {
      const output = renderFirst(page(line), 'Primeros pasos');
      assert.equal(output, page(line.replace('Getting started', 'Primeros pasos')));
    });

    void test(`a ${style} value whose translation needs quoting becomes valid YAML with that exact value`, () => {
      const source = page(`${line}\ntags: [a, b]\nslug: getting-started`);
      for (const translation of AWKWARD_TRANSLATIONS) {
        const expected = style === 'plain' ? translation.trim() : translation;
        const values = frontMatterOf(renderFirst(source, translation));
        assert.deepEqual(values, { title: expected, tags: ['a', 'b'], slug: 'getting-started' }, translation);
      }
    });
  }

  void test('escapes in quoted values are kept as written', () => {
    assert.deepEqual(markdownFormat.parse(page("summary: 'It''s here'"), context()).segments[0], [
      { kind: 'text', text: 'It' },
      { kind: 'keep', text: "''" },
      { kind: 'text', text: 's here' },
    ]);
    const doubleQuoted = page('description: "Say \\"hi\\"\\tnow"');
    assert.deepEqual(segmentsOf(doubleQuoted)[0], 'Say \\"hi\\"\\tnow');
    assert.equal(frontMatterOf(renderFirst(doubleQuoted, 'Di \\"hola\\"\\tya')).description, 'Di "hola"\tya');
    assert.equal(frontMatterOf(renderFirst(page("summary: 'It''s here'"), "C''est là")).summary, "C'est là");
  });

  void test('a multi-line plain value is folded into one line when its translation needs quoting', () => {
    const source = page('summary: Harbor packages sites\n  and ships them.');
    assert.equal(segmentsOf(source)[0], 'Harbor packages sites\n  and ships them.');
    assert.equal(
      frontMatterOf(renderFirst(source, 'Harbor: empaqueta sitios\n  y los envía.')).summary,
      'Harbor: empaqueta sitios y los envía.',
    );
  });

  void test('only top-level string values of the listed keys are translated', () => {
    const source = page(
      [
        'title: Top title',
        'layout: docs',
        'tags: [title, guide]',
        'seo:',
        '  title: Nested title',
        'description: >',
        '  A folded block scalar',
        'summary: 2024',
        'excerpt: !!str Tagged',
        'sidebar_label: &label Anchored',
        'subtitle: "12 + 3"',
      ].join('\n'),
    );
    assert.deepEqual(segmentsOf(source), ['Top title', 'Heading']);
    assert.equal(roundTrip(markdownFormat, source), source);
  });

  void test('front matter that is not valid YAML is left alone', async () => {
    const source = page('title: [unclosed\ndescription: fine');
    assert.deepEqual(segmentsOf(source), ['Heading']);
    assert.equal(
      await translateWith(markdownFormat, source),
      page('title: [unclosed\ndescription: fine').replace('# Heading', '# [es: Ĥéáðíñĝ]'),
    );
  });

  void test('CRLF front matter stays CRLF, and a comment after a value is kept', async () => {
    const source = '---\r\ntitle: Hello # shown in the nav\r\ndate: 2024-05-14\r\n---\r\n\r\nBody\r\n';
    assert.equal(
      await translateWith(markdownFormat, source),
      '---\r\ntitle: "[es: Ĥéļļö]" # shown in the nav\r\ndate: 2024-05-14\r\n---\r\n\r\n[es: Ɓöðý]\r\n',
    );
  });

  void test('a part after the first does not read a leading --- as front matter', () => {
    const source = '---\ntitle: Not front matter\n---\n\nBody\n';
    assert.deepEqual(segmentsOf(source), ['Not front matter', 'Body']);
    const later = markdownFormat.parse(source, {
      targetLanguage: 'es',
      chunk: { index: 1, definitions: '' },
    });
    assert.deepEqual(later.segments.map(sourceText), ['title: Not front matter', 'Body']);
  });
});
