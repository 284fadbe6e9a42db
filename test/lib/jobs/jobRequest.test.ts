import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_TARGET_LANGUAGES } from '../../../src/lib/jobs/jobRequest.js';
import {
  accepted,
  languages,
  problemFields,
  rejected,
  rejectedFor,
  valid,
} from '../../helpers/jobRequestAssertions.js';

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
