import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseIcu, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { PermanentItemError } from '../../../src/lib/errors.js';
import { jsonFormat } from '../../../src/lib/formats/json.js';
import { sourceText } from '../../../src/lib/translation/tokens.js';
import { context, fixture, roundTrip, scriptedTranslator, translateWith } from '../../helpers/formats.js';

const MESSAGES = fixture('messages.json');

const scripted = scriptedTranslator;

/** Appends `extra` to every text piece, keeps protected pieces verbatim. */
const appending = (extra: string) =>
  scripted((pieces) => pieces.map((p) => (p.kind === 'keep' ? p.text : p.text + extra)).join(''));

/** Every leaf as `path → value`, so key paths and non-string values can be compared. */
function leaves(value: unknown, path = '$', out = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(value)) value.forEach((item, i) => leaves(item, `${path}[${i}]`, out));
  else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) leaves(item, `${path}.${key}`, out);
  else out.set(path, value);
  return out;
}

/** Argument names, types, plural/select keys and # signs of an ICU message, text left out. */
function icuShape(elements: MessageFormatElement[]): string[] {
  return elements.flatMap((element): string[] => {
    if (element.type === TYPE.literal) return [];
    if (element.type === TYPE.pound) return ['#'];
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      const branches = Object.entries(element.options).flatMap(([key, o]) => [key, ...icuShape(o.value)]);
      return [`${element.value}:${element.type}`, ...branches];
    }
    return element.type === TYPE.tag ? [element.value] : [`${element.value}:${element.type}`];
  });
}

const shapeOf = (message: string): string[] | string => {
  try {
    return icuShape(parseIcu(message, { ignoreTag: true, requiresOtherClause: false }));
  } catch {
    return 'not ICU';
  }
};

const PLACEHOLDER =
  /\{\{[^{}]*\}\}|%(?:\(\w+\))?(?:\d\$)?[sd]|\$t\([^)]*\)|\$[A-Z]+\$|<\/?[\w]+[^>]*>|&\w+;|\{\w+\}/g;
const placeholders = (text: string) => (text.match(PLACEHOLDER) ?? []).sort();

const shown = (source: string): string[] =>
  jsonFormat
    .parse(source, context())
    .segments.map((pieces) => pieces.map((p) => (p.kind === 'keep' ? `⟦${p.text}⟧` : p.text)).join(''));

void describe('jsonFormat', () => {
  void test('round trip is byte for byte in every layout', () => {
    const data: unknown = JSON.parse(MESSAGES);
    const layouts = {
      fixture: MESSAGES,
      twoSpaces: JSON.stringify(data, null, 2),
      fourSpaces: JSON.stringify(data, null, 4),
      tabs: JSON.stringify(data, null, '\t'),
      minified: JSON.stringify(data),
      crlf: MESSAGES.replace(/\n/g, '\r\n'),
      bom: `\uFEFF${MESSAGES}`,
      topLevelString: '"Just one sentence"',
      topLevelArray: '[ "One", 2, "Three" ]\n',
    };
    for (const [name, layout] of Object.entries(layouts))
      assert.equal(roundTrip(jsonFormat, layout), layout, name);
  });

  void test('ICU structure and placeholders are keep pieces; only branch text is translated', () => {
    assert.deepEqual(
      jsonFormat.parse('{"files": "{n, plural, one {# file} other {# files}} left"}', context()).segments,
      [
        [
          { kind: 'keep', text: '{n, plural, one {#' },
          { kind: 'text', text: ' file' },
          { kind: 'keep', text: '} other {#' },
          { kind: 'text', text: ' files' },
          { kind: 'keep', text: '}}' },
          { kind: 'text', text: ' left' },
        ],
      ],
    );
    const segments = shown(MESSAGES);
    for (const expected of [
      '⟦{gender, select, female {⟧She shared⟦} male {⟧He shared⟦} other {⟧They shared⟦}}⟧ ⟦{count, plural, one {⟧a folder⟦} other {#⟧ folders⟦}}⟧ with you.',
      'Retrying in ⟦%1$d⟧ seconds (attempt ⟦%2$d⟧ of ⟦%3$d⟧)',
      'Hello ⟦%(user)s⟧, you have ⟦%(count)d⟧ new messages.',
      'You are using ⟦{{used, number}}⟧ of ⟦{{quota}}⟧ GB.',
      '⟦$t(nav.signIn)⟧ to see your files',
      'By signing up you accept the ⟦<0>⟧terms of service⟦</0>⟧ and the ⟦<1>⟧privacy policy⟦</1>⟧.',
      '⟦$COUNT$⟧ files are waiting, ⟦$USER$⟧.',
      'Café crème is on us',
    ]) {
      assert.ok(segments.includes(expected), expected);
    }
  });

  void test('keys, metadata, descriptions, URLs and values without letters are not segments', () => {
    const texts = jsonFormat.parse(MESSAGES, context()).segments.map(sourceText);
    for (const skipped of [
      'https://acme.example/schemas/messages.schema.json',
      'Léa Martin',
      'qqq',
      '2.14.0',
      'https://acme.example/support',
      'help@acme.example',
      'images/logo-dark.svg',
      '#1f6feb',
      'Name of the extension shown in the Web Store.',
      '$1',
      'Léa',
      '',
      '— / —',
      '{{count}}',
      'tagline',
      'app',
    ]) {
      assert.ok(!texts.includes(skipped), skipped);
    }
    // Outside a message descriptor, "description" is ordinary text.
    assert.deepEqual(shown('{"product": {"title": "Chair", "description": "A comfortable chair"}}'), [
      'Chair',
      'A comfortable chair',
    ]);
  });

  void test('tool directives and comment keys are not text; ARB and Angular locales become the target', () => {
    const smartling = JSON.stringify({
      smartling: { translate_paths: ['*/text'], placeholder_format_custom: ['\\{\\w+\\}'], note: 'Do it' },
      '//': 'Generated file, edit the source',
      _comment: 'Keep short',
      greeting: { text: 'Hello' },
    });
    assert.deepEqual(shown(smartling), ['Hello']);
    const transifex =
      '{"save": {"string": "Save", "context": "Button", "developer_comment": "Verb", "character_limit": 10}}';
    assert.deepEqual(shown(transifex), ['Save']);
    const arb =
      '{"@@locale": "en", "@@author": "Lea", "title": "Title", "@title": {"description": "Page title"}}';
    assert.deepEqual(shown(arb), ['Title']);
    assert.equal(roundTrip(jsonFormat, arb), arb.replace('"@@locale": "en"', '"@@locale": "es"'));
    const angular =
      '{\n  "locale": "en-US",\n  "translations": {"greeting": "Hello", "locale": "Language"}\n}';
    assert.deepEqual(shown(angular), ['Hello', 'Language']);
    assert.equal(roundTrip(jsonFormat, angular), angular.replace('"en-US"', '"es"'));
    // Without "translations" beside it, a top-level "locale" is an ordinary message.
    assert.deepEqual(shown('{"locale": "Choose a language"}'), ['Choose a language']);
  });

  void test("quotes around a placeholder ('{0}', TypeScript and .NET style) do not make it ICU-quoted text", async () => {
    const source = JSON.stringify({ a: "Cannot find name '{0}'. Did you mean 'this.{0}'?" });
    assert.deepEqual(shown(source), ["Cannot find name '⟦{0}⟧'. Did you mean 'this.⟦{0}⟧'?"]);
    const output = JSON.parse(await translateWith(jsonFormat, source)) as { a: string };
    assert.deepEqual(output.a.match(/\{0\}/g), ['{0}', '{0}']);
  });

  void test('placeholders of Symfony, Twig, Laravel, Drupal, Polyglot and templates are kept', () => {
    assert.deepEqual(
      shown(
        JSON.stringify({
          a: '%count% items, at most {{ limit }}',
          b: 'The :attribute field, @count posts by !author',
          c: 'Hi [[user]], %{smart_count} cars, ${name} and $NAME$',
        }),
      ),
      [
        '⟦%count%⟧ items, at most ⟦{{ limit }}⟧',
        'The ⟦:attribute⟧ field, ⟦@count⟧ posts by ⟦!author⟧',
        'Hi ⟦[[user]]⟧, ⟦%{smart_count}⟧ cars, ⟦${name}⟧ and ⟦$NAME$⟧',
      ],
    );
  });

  void test('pseudo translation: same keys and non-strings, placeholders and ICU structure intact', async () => {
    const output = await translateWith(jsonFormat, MESSAGES);
    const [before, after] = [leaves(JSON.parse(MESSAGES)), leaves(JSON.parse(output))];
    assert.deepEqual([...after.keys()], [...before.keys()], 'same key paths');
    const translated = new Set(jsonFormat.parse(MESSAGES, context()).segments.map(sourceText));
    for (const [path, value] of before) {
      const result = after.get(path);
      if (typeof value !== 'string' || !translated.has(value)) {
        assert.equal(result, value, path);
        continue;
      }
      assert.ok(typeof result === 'string' && result.startsWith('[es: '), `${path}: ${String(result)}`);
      assert.deepEqual(placeholders(result), placeholders(value), path);
      assert.deepEqual(shapeOf(result), shapeOf(value), path);
    }
    assert.match(output, /"sync": \{\n {4}"status": \{\n {6}"idle": "\[es: /, 'layout kept');
  });

  void test('a value translated to its own text keeps its raw escapes', () => {
    const document = jsonFormat.parse(MESSAGES, context());
    const translations = document.segments.map((pieces) => {
      const text = sourceText(pieces);
      return text.startsWith('Café') || text.startsWith('©') ? text : `${text}!`;
    });
    const output = document.render(translations);
    assert.ok(output.includes('"Caf\\u00e9 cr\\u00e8me is on us"'));
    assert.ok(output.includes('"\\u00a9 2024 Acme Labs \\u2014 all rights reserved"'));
    assert.ok(output.includes('"Your files, everywhere you work.!"'));
  });

  void test('quotes, backslashes, < and & in translations give valid JSON with the intended text', async () => {
    const extra = ' "quoted" \\ <b> & \n';
    const source = '{"a": "Hello {{name}}", "b": ["Save"], "c": {"d": "{n, plural, other {# items}}"}}';
    const result: unknown = JSON.parse(await translateWith(jsonFormat, source, context(), appending(extra)));
    assert.deepEqual(result, {
      a: `Hello ${extra}{{name}}`,
      b: [`Save${extra}`],
      c: { d: `{n, plural, other {# items${extra}}}` },
    });
  });

  void test('an apostrophe right before an ICU argument is doubled so the argument survives', async () => {
    const source = '{"open": "Open {app} now", "kept": "Copies of \'\'{file}\'\'"}';
    const output = await translateWith(
      jsonFormat,
      source,
      context('fr'),
      scripted((pieces) =>
        pieces.map((p) => (p.kind === 'keep' ? p.text : p.text.replace('Open ', "Ouvrir l'"))).join(''),
      ),
    );
    const result = JSON.parse(output) as Record<string, string>;
    assert.equal(result.open, "Ouvrir l''{app} now");
    assert.deepEqual(shapeOf(result.open ?? ''), ['app:1']);
    assert.equal(result.kept, "Copies of ''{file}''", 'an already doubled apostrophe is left alone');
  });

  void test('a translation that breaks the ICU structure is rejected, not written', async () => {
    const source = '{"a": "{n, plural, one {# file} other {# files}}"}';
    await assert.rejects(
      translateWith(jsonFormat, source, context(), appending(' {oops')),
      (error: unknown) => error instanceof PermanentItemError && error.code === 'placeholder_mismatch',
    );
  });

  void test('invalid JSON is an invalid_document error with its position', () => {
    const cases: [string, RegExp][] = [
      ['{\n  "a": "x",\n  "b": \n}', /line 4, column 1/],
      ['{"a": "x",}', /line 1, column 11/],
      ['// comment\n{"a": "x"}', /line 1, column 1/],
      ['', /ValueExpected/],
      ['{"a": "unterminated}', /UnexpectedEndOfString/],
    ];
    for (const [source, position] of cases) {
      assert.throws(
        () => jsonFormat.parse(source, context()),
        (error: unknown) =>
          error instanceof PermanentItemError &&
          error.code === 'invalid_document' &&
          position.test(error.message),
        source,
      );
    }
  });
});
