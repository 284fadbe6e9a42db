import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_BUDGET_CHARACTERS, parseJobRequest } from '../../../src/lib/jobs/jobRequest.js';
import {
  LOOPBACK_OK,
  STRICT,
  accepted,
  rejected,
  rejectedFor,
  valid,
} from '../../helpers/jobRequestAssertions.js';

void describe('parseJobRequest: same source and target container', () => {
  const same = (extra: Record<string, unknown>) => ({
    source_container: 'docs',
    target_container: 'docs',
    target_languages: ['es', 'fr'],
    ...extra,
  });

  void test('rejects an empty prefix, since outputs would be read again as input', () => {
    const error = rejectedFor(same({}), 'target_container');
    assert.match(error.message, /equals source_container/);
  });

  void test('rejects no prefix at all', () => {
    rejectedFor(same({}), 'target_container');
    rejectedFor(same({ prefix: '' }), 'target_container');
  });

  void test('rejects prefix "e", which the "es/" outputs start with', () => {
    rejectedFor(same({ prefix: 'e' }), 'target_container');
  });

  void test('rejects a prefix that is a target language folder', () => {
    rejectedFor(same({ prefix: 'fr/' }), 'target_container');
  });

  void test('accepts prefix "docs/"', () => {
    const result = accepted(same({ prefix: 'docs/' }));
    assert.equal(result.sourceContainer, 'docs');
    assert.equal(result.targetContainer, 'docs');
    assert.equal(result.prefix, 'docs/');
  });

  void test('accepts an empty prefix when the containers differ', () => {
    assert.equal(accepted({ ...same({}), target_container: 'docs-out' }).prefix, '');
  });
});

void describe('parseJobRequest: callback_url', () => {
  void test('rejects plain http', () => {
    const error = rejectedFor({ ...valid(), callback_url: 'http://example.com/hook' }, 'callback_url');
    assert.match(error.message, /must use https/);
  });

  void test('rejects plain http even when loopback callbacks are allowed, for a non-loopback host', () => {
    rejectedFor({ ...valid(), callback_url: 'http://example.com/hook' }, 'callback_url', LOOPBACK_OK);
    rejectedFor(
      { ...valid(), callback_url: 'http://localhost.example.com/hook' },
      'callback_url',
      LOOPBACK_OK,
    );
  });

  void test('accepts https', () => {
    assert.equal(
      accepted({ ...valid(), callback_url: 'https://example.com/hook' }).callbackUrl,
      'https://example.com/hook',
    );
  });

  void test('accepts http://localhost when loopback callbacks are allowed', () => {
    const url = 'http://localhost:7000/hook';
    assert.equal(accepted({ ...valid(), callback_url: url }, LOOPBACK_OK).callbackUrl, url);
  });

  void test('accepts the IPv4 and IPv6 loopback addresses when loopback callbacks are allowed', () => {
    for (const url of ['http://127.0.0.1:7000/hook', 'http://[::1]:7000/hook']) {
      assert.equal(accepted({ ...valid(), callback_url: url }, LOOPBACK_OK).callbackUrl, url);
    }
  });

  void test('rejects http://localhost when loopback callbacks are not allowed', () => {
    for (const url of ['http://localhost:7000/hook', 'http://127.0.0.1/hook', 'http://[::1]/hook']) {
      rejectedFor({ ...valid(), callback_url: url }, 'callback_url', STRICT);
    }
  });

  void test('rejects schemes other than http and https, and strings that are not URLs', () => {
    for (const url of ['ftp://example.com/hook', 'javascript:alert(1)', 'not a url', 'https://', '']) {
      rejectedFor({ ...valid(), callback_url: url }, 'callback_url', LOOPBACK_OK);
    }
  });

  void test('rejects a callback_url longer than 2048 characters', () => {
    const url = `https://example.com/${'a'.repeat(2048)}`;
    rejectedFor({ ...valid(), callback_url: url }, 'callback_url');
  });
});

void describe('parseJobRequest: cross-field problems share the field-level detail shape', () => {
  void test('duplicate languages and an http callback are reported as {field, message} entries', () => {
    const error = rejected({
      ...valid(),
      target_languages: ['es', 'es'],
      callback_url: 'http://example.com/hook',
    });
    assert.deepEqual(error.details, [
      { field: 'target_languages', message: 'must not repeat a language' },
      { field: 'callback_url', message: 'must use https' },
    ]);
  });
});

void describe('parseJobRequest: glossary and no_translate', () => {
  void test('keeps a per-language glossary, a glossary_blob and deduplicated no_translate terms', () => {
    const request = accepted({
      ...valid(),
      glossary: { fr: { 'Blob Storage': 'Stockage Blob' }, 'pt-BR': { file: 'arquivo' } },
      glossary_blob: 'terms/glossary.tsv',
      no_translate: ['Contoso', 'Contoso', 'Azure'],
    });
    assert.deepEqual(request.glossary, {
      fr: { 'Blob Storage': 'Stockage Blob' },
      'pt-BR': { file: 'arquivo' },
    });
    assert.equal(request.glossaryBlob, 'terms/glossary.tsv');
    assert.deepEqual(request.noTranslate, ['Contoso', 'Azure']);
  });

  void test('a glossary language that is not a target is refused, naming it', () => {
    rejectedFor({ ...valid(), glossary: { de: { a: 'b' } } }, 'glossary.de');
  });

  for (const [field, value, named] of [
    ['glossary', { fr: { '': 'x' } }, 'glossary.fr.'],
    ['glossary', { fr: { a: 'x'.repeat(401) } }, 'glossary.fr.a'],
    ['glossary', { fr: 'not a map' }, 'glossary.fr'],
    ['glossary_blob', 'glossary.xlsx', 'glossary_blob'],
    ['glossary_blob', '../glossary.csv', 'glossary_blob'],
    ['glossary_blob', '', 'glossary_blob'],
    ['no_translate', [''], 'no_translate.0'],
    ['no_translate', 'Contoso', 'no_translate'],
  ] as const) {
    void test(`rejects ${field} = ${JSON.stringify(value).slice(0, 40)}, naming ${named}`, () => {
      rejectedFor({ ...valid(), [field]: value }, named);
    });
  }
});

void describe('parseJobRequest: glossary keys are data, never object machinery', () => {
  // JSON.parse makes "__proto__" an own key, as a client sends it; an object literal here would not.
  const glossaryOf = (json: string) =>
    accepted({ ...valid(), glossary: JSON.parse(json) as unknown }).glossary;

  void test('terms named __proto__, constructor and toString are kept as ordinary terms', () => {
    const glossary = glossaryOf(
      '{"fr":{"__proto__":"proto","constructor":"constructeur","toString":"enChaîne"}}',
    );
    assert.deepEqual(Object.entries(glossary?.fr ?? {}), [
      ['__proto__', 'proto'],
      ['constructor', 'constructeur'],
      ['toString', 'enChaîne'],
    ]);
    assert.equal(Object.getPrototypeOf(glossary?.fr), Object.prototype, 'the prototype is untouched');
  });

  for (const language of ['__proto__', 'constructor', 'toString']) {
    void test(`a glossary language ${JSON.stringify(language)} is refused as not a language code`, () => {
      const error = rejectedFor(
        { ...valid(), glossary: JSON.parse(`{"fr":{"a":"b"},"${language}":{"a":"b"}}`) as unknown },
        `glossary.${language}`,
      );
      assert.match(error.message, /must be a language code/);
    });
  }
});

void describe('parseJobRequest: every string must be well-formed Unicode', () => {
  const LONE = '\ud800';
  const cases: [string, Record<string, unknown>, string][] = [
    ['prefix', { prefix: `docs/${LONE}` }, 'prefix'],
    ['glossary_blob', { glossary_blob: `g${LONE}.csv` }, 'glossary_blob'],
    ['a glossary term', { glossary: { fr: { [`a${LONE}`]: 'b' } } }, 'glossary.fr.a\\uD800'],
    ['a glossary translation', { glossary: { fr: { a: `b${'\udc00'}` } } }, 'glossary.fr.a'],
    ['a no_translate term', { no_translate: ['ok', `Contoso${LONE}`] }, 'no_translate.1'],
    ['callback_url', { callback_url: `https://example.com/${LONE}` }, 'callback_url'],
    ['source_container', { source_container: `ab${LONE}` }, 'source_container'],
    ['an unknown field name', { [`x${LONE}`]: 1 }, 'x\\uD800'],
  ];
  for (const [label, fields, named] of cases) {
    void test(`${label} holding a lone surrogate is refused, naming ${named}`, () => {
      const error = rejectedFor({ ...valid(), ...fields }, named);
      assert.match(error.message, /not well-formed Unicode/);
    });
  }

  void test('paired surrogates (an emoji) are fine', () => {
    assert.equal(accepted({ ...valid(), prefix: 'docs/😀/' }).prefix, 'docs/😀/');
  });
});

void describe('parseJobRequest: dry_run and max_characters', () => {
  void test('keeps dry_run and max_characters', () => {
    const request = parseJobRequest({ ...valid(), dry_run: true, max_characters: 250_000 }, STRICT);
    assert.equal(request.dryRun, true);
    assert.equal(request.maxCharacters, 250_000);
  });

  void test('dry_run false and an absent max_characters leave both out', () => {
    const request = parseJobRequest({ ...valid(), dry_run: false }, STRICT);
    assert.equal('dryRun' in request, false);
    assert.equal('maxCharacters' in request, false);
  });

  for (const value of [0, -5, 1.5, '1000', null, MAX_BUDGET_CHARACTERS + 1]) {
    void test(`rejects max_characters = ${JSON.stringify(value)}`, () => {
      rejectedFor({ ...valid(), max_characters: value }, 'max_characters');
    });
  }

  for (const value of ['true', 1, null]) {
    void test(`rejects dry_run = ${JSON.stringify(value)}`, () => {
      rejectedFor({ ...valid(), dry_run: value }, 'dry_run');
    });
  }
});
