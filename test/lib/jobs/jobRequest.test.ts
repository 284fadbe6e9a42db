import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { AppError, ValidationError } from '../../../src/lib/errors.js';
import {
  MAX_BUDGET_CHARACTERS,
  MAX_TARGET_LANGUAGES,
  parseJobRequest,
  type JobRequest,
} from '../../../src/lib/jobs/jobRequest.js';

const STRICT = { allowHttpLoopbackCallbacks: false };
const LOOPBACK_OK = { allowHttpLoopbackCallbacks: true };

const valid = (): Record<string, unknown> => ({
  source_container: 'src-docs',
  target_container: 'out-docs',
  target_languages: ['fr', 'pt-BR'],
});

const languages = (count: number): string[] =>
  Array.from(
    { length: count },
    (_, i) => `l${String.fromCharCode(97 + Math.floor(i / 26))}${String.fromCharCode(97 + (i % 26))}`,
  );

/** The field each problem is about: `field` for schema issues, the text before ":" for cross-field rules. */
function problemFields(error: ValidationError): string[] {
  assert.ok(Array.isArray(error.details), 'a rejected job request must carry details');
  return (error.details as unknown[]).map((detail) => {
    if (typeof detail === 'string') return detail.split(':')[0] ?? detail;
    assert.equal(typeof detail, 'object');
    const field = (detail as { field?: unknown }).field;
    assert.equal(typeof field, 'string');
    return field as string;
  });
}

/** Asserts the body is rejected as a 400 invalid_request and returns the error for further checks. */
function rejected(body: unknown, options = STRICT): ValidationError {
  let caught: unknown;
  try {
    parseJobRequest(body, options);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught !== undefined, `expected ${JSON.stringify(body)} to be rejected`);
  assert.ok(caught instanceof ValidationError, `expected a ValidationError, got ${inspect(caught)}`);
  assert.ok(caught instanceof AppError);
  assert.equal(caught.status, 400);
  assert.equal(caught.code, 'invalid_request');
  return caught;
}

/** Asserts the body is rejected and that `field` is among the fields the error names. */
function rejectedFor(body: unknown, field: string, options = STRICT): ValidationError {
  const error = rejected(body, options);
  const fields = problemFields(error);
  assert.ok(fields.includes(field), `expected a problem with ${field}, got ${JSON.stringify(error.details)}`);
  assert.match(error.message, /^Invalid job request: /);
  assert.ok(error.message.includes(field), `message should name ${field}: ${error.message}`);
  return error;
}

const accepted = (body: unknown, options = STRICT): JobRequest => parseJobRequest(body, options);

void describe('parseJobRequest: valid requests', () => {
  void test('maps a minimal request with target_languages to the internal shape', () => {
    assert.deepEqual(accepted(valid()), {
      sourceContainer: 'src-docs',
      targetContainer: 'out-docs',
      targetLanguages: ['fr', 'pt-BR'],
      prefix: '',
    });
  });

  void test('accepts the single target_language form as a one-element list', () => {
    const body = { source_container: 'src-docs', target_container: 'out-docs', target_language: 'zh-Hans' };
    assert.deepEqual(accepted(body), {
      sourceContainer: 'src-docs',
      targetContainer: 'out-docs',
      targetLanguages: ['zh-Hans'],
      prefix: '',
    });
  });

  void test('keeps every optional field when given', () => {
    const result = accepted({
      ...valid(),
      source_language: 'en',
      prefix: 'docs/2024/',
      extensions: ['.md'],
      callback_url: 'https://example.com/hooks/done?x=1',
    });
    assert.deepEqual(result, {
      sourceContainer: 'src-docs',
      targetContainer: 'out-docs',
      targetLanguages: ['fr', 'pt-BR'],
      sourceLanguage: 'en',
      prefix: 'docs/2024/',
      extensions: ['.md'],
      callbackUrl: 'https://example.com/hooks/done?x=1',
    });
  });

  void test('normalises extensions to a leading dot and lower case, then removes duplicates', () => {
    const result = accepted({ ...valid(), extensions: ['MD', '.md', 'txt', '.TXT', 'Html', 'md'] });
    assert.deepEqual(result.extensions, ['.md', '.txt', '.html']);
  });

  void test('"MD" becomes ".md"', () => {
    assert.deepEqual(accepted({ ...valid(), extensions: ['MD'] }).extensions, ['.md']);
  });

  void test('accepts BCP 47 language codes of the shapes Translator uses', () => {
    const codes = ['en', 'fr-CA', 'zh-Hans', 'sr-Latn-RS', 'tlh-Latn', 'yue'];
    assert.deepEqual(accepted({ ...valid(), target_languages: codes }).targetLanguages, codes);
  });

  void test(`accepts exactly ${MAX_TARGET_LANGUAGES} target languages`, () => {
    const ten = languages(MAX_TARGET_LANGUAGES);
    assert.equal(new Set(ten).size, MAX_TARGET_LANGUAGES);
    assert.deepEqual(accepted({ ...valid(), target_languages: ten }).targetLanguages, ten);
  });

  void test('accepts container names at the 3 and 63 character limits, with single inner hyphens', () => {
    const long = 'a'.repeat(62) + '1';
    const result = accepted({ ...valid(), source_container: 'ab1', target_container: long });
    assert.equal(result.sourceContainer, 'ab1');
    assert.equal(result.targetContainer, long);
    assert.equal(accepted({ ...valid(), source_container: 'a-b-c-1' }).sourceContainer, 'a-b-c-1');
  });

  void test('accepts a prefix of exactly 1024 characters', () => {
    const prefix = 'p'.repeat(1024);
    assert.equal(accepted({ ...valid(), prefix }).prefix, prefix);
  });

  void test('accepts a prefix whose segments merely contain dots', () => {
    assert.equal(accepted({ ...valid(), prefix: 'v1..2/.hidden/file.' }).prefix, 'v1..2/.hidden/file.');
  });
});

void describe('parseJobRequest: non-object bodies', () => {
  for (const [label, body] of [
    ['an array', [valid()]],
    ['null', null],
    ['a string', '{"source_container":"src-docs"}'],
    ['a number', 42],
    ['a boolean', true],
    ['undefined', undefined],
  ] as const) {
    void test(`rejects ${label}`, () => {
      const error = rejected(body);
      assert.match(error.message, /must be a JSON object/);
    });
  }
});

void describe('parseJobRequest: field types', () => {
  const wrongTypes: [string, unknown][] = [
    ['source_container', 123],
    ['source_container', null],
    ['target_container', ['out-docs']],
    ['target_languages', 'fr'],
    ['target_languages', [1]],
    ['target_languages', { 0: 'fr' }],
    ['target_language', ['fr']],
    ['target_language', 7],
    ['source_language', 5],
    ['source_language', null],
    ['prefix', 5],
    ['prefix', ['docs/']],
    ['extensions', '.md'],
    ['extensions', [1]],
    ['callback_url', 123],
    ['callback_url', { href: 'https://example.com' }],
  ];
  for (const [field, value] of wrongTypes) {
    void test(`rejects ${field} = ${JSON.stringify(value)}`, () => {
      const body = { ...valid(), [field]: value };
      if (field === 'target_language') delete body.target_languages;
      const error = rejected(body);
      const fields = problemFields(error);
      assert.ok(
        fields.some((f) => f === field || f.startsWith(`${field}.`)),
        `expected a problem with ${field}, got ${JSON.stringify(error.details)}`,
      );
    });
  }

  void test('rejects a missing source_container', () => {
    const body = valid();
    delete body.source_container;
    rejectedFor(body, 'source_container');
  });

  void test('rejects a missing target_container', () => {
    const body = valid();
    delete body.target_container;
    rejectedFor(body, 'target_container');
  });

  void test('rejects an empty extensions list', () => {
    rejectedFor({ ...valid(), extensions: [] }, 'extensions');
  });

  void test('rejects an extension that is not a file extension', () => {
    for (const extension of ['.m d', '..md', '.', '', 'a/b', '.' + 'x'.repeat(17)]) {
      const fields = problemFields(rejected({ ...valid(), extensions: [extension] }));
      assert.deepEqual(fields, ['extensions.0'], `extension ${JSON.stringify(extension)}`);
    }
  });
});

void describe('parseJobRequest: container names', () => {
  const bad: [string, string][] = [
    ['too short', 'ab'],
    ['empty', ''],
    ['uppercase', 'Docs'],
    ['leading hyphen', '-docs'],
    ['trailing hyphen', 'docs-'],
    ['double hyphen', 'do--cs'],
    ['64 characters', 'a'.repeat(64)],
    ['"$root"', '$root'],
    ['an underscore', 'my_docs'],
    ['a dot', 'my.docs'],
  ];
  for (const [label, name] of bad) {
    void test(`rejects a source_container with ${label}`, () => {
      rejectedFor({ ...valid(), source_container: name }, 'source_container');
    });
    void test(`rejects a target_container with ${label}`, () => {
      rejectedFor({ ...valid(), target_container: name }, 'target_container');
    });
  }
});

void describe('parseJobRequest: languages', () => {
  void test('rejects an empty target_languages list', () => {
    rejectedFor({ ...valid(), target_languages: [] }, 'target_languages');
  });

  void test('rejects a request with neither target_languages nor target_language', () => {
    const body = valid();
    delete body.target_languages;
    const error = rejectedFor(body, 'target_languages');
    assert.match(error.message, /at least one target language/);
  });

  void test(`rejects ${MAX_TARGET_LANGUAGES + 1} target languages`, () => {
    const eleven = languages(MAX_TARGET_LANGUAGES + 1);
    assert.equal(new Set(eleven).size, 11);
    rejectedFor({ ...valid(), target_languages: eleven }, 'target_languages');
  });

  for (const code of ['French', 'EN', 'e', 'en_US', 'fr-', 'pt-BRAZILIANS', 'sr-Latn-RS-x1', '']) {
    void test(`rejects the language code ${JSON.stringify(code)} in target_languages, target_language and source_language`, () => {
      rejectedFor({ ...valid(), target_languages: ['fr', code] }, 'target_languages.1');
      const single: Record<string, unknown> = { ...valid(), target_language: code };
      delete single.target_languages;
      rejectedFor(single, 'target_language');
      rejectedFor({ ...valid(), source_language: code }, 'source_language');
    });
  }

  void test('rejects a repeated target language', () => {
    const error = rejectedFor({ ...valid(), target_languages: ['fr', 'de', 'fr'] }, 'target_languages');
    assert.match(error.message, /must not repeat a language/);
  });

  void test('treats languages differing only in case as repeated', () => {
    const error = rejectedFor({ ...valid(), target_languages: ['pt-BR', 'pt-br'] }, 'target_languages');
    assert.match(error.message, /must not repeat a language/);
  });

  void test('rejects target_language together with target_languages', () => {
    const error = rejected({ ...valid(), target_language: 'de' });
    assert.match(error.message, /either target_languages or target_language, not both/);
  });

  void test('rejects target_language together with target_languages even when they agree', () => {
    const error = rejected({ ...valid(), target_languages: ['de'], target_language: 'de' });
    assert.match(error.message, /not both/);
  });

  void test('rejects a source_language that is also a target language', () => {
    const error = rejectedFor({ ...valid(), source_language: 'fr' }, 'source_language');
    assert.match(error.message, /must not also be a target language/);
  });

  void test('compares source_language with the targets case-insensitively', () => {
    rejectedFor({ ...valid(), source_language: 'pt-br' }, 'source_language');
  });
});

void describe('parseJobRequest: unknown fields', () => {
  void test('rejects an unknown field and names it in the details', () => {
    const error = rejected({ ...valid(), targetLanguages: ['de'] });
    assert.ok(Array.isArray(error.details));
    const fields = problemFields(error);
    assert.ok(
      fields.some((f) => f.includes('targetLanguages')),
      `details should name the unknown key: ${JSON.stringify(error.details)}`,
    );
    assert.match(error.message, /targetLanguages/);
  });

  void test('names every unknown field', () => {
    const error = rejected({ ...valid(), colour: 'red', overwrite: true });
    assert.deepEqual(error.details, [
      { field: 'colour', message: 'is not a known field' },
      { field: 'overwrite', message: 'is not a known field' },
    ]);
  });
});

void describe('parseJobRequest: prefix', () => {
  const bad: [string, string][] = [
    ['a ".." segment at the start', '../secrets/'],
    ['a ".." segment in the middle', 'docs/../secrets/'],
    ['a trailing ".." segment', 'docs/..'],
    ['only ".."', '..'],
    ['a "." segment', 'docs/./x'],
    ['a leading "/"', '/docs/'],
    ['a backslash', 'docs\\x'],
    ['a NUL character', 'docs\u0000x'],
    ['a newline', 'docs\nx'],
    ['a tab', 'docs\tx'],
    ['a DEL character', 'docs\u007fx'],
    ['1025 characters', 'p'.repeat(1025)],
  ];
  for (const [label, prefix] of bad) {
    void test(`rejects a prefix with ${label}`, () => {
      rejectedFor({ ...valid(), prefix }, 'prefix');
    });
  }
});

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
