import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ValidationError } from '../../../src/lib/errors.js';
import {
  mergeGlossaries,
  parseGlossaryFile,
  termRulesFor,
  type Glossary,
} from '../../../src/lib/glossary/glossary.js';

const isCode = (code: string) => /^[a-z]{2,3}(-[A-Za-z0-9]+)?$/.test(code);

void describe('glossary files', () => {
  void test('CSV with quotes, a BOM and empty cells; TSV with quote characters taken literally', () => {
    const csv = '\uFEFFterm,es,fr\n"Blob ""Storage""",Almacenamiento,Stockage\nKey Vault,,Coffre <clés>\n';
    assert.deepEqual(parseGlossaryFile(csv, 'g.csv', isCode), {
      es: { 'Blob "Storage"': 'Almacenamiento' },
      fr: { 'Blob "Storage"': 'Stockage', 'Key Vault': 'Coffre <clés>' },
    });
    assert.deepEqual(parseGlossaryFile('term\tes\n"quoted"\t"citado"\n', 'g.tsv', isCode), {
      es: { '"quoted"': '"citado"' },
    });
  });

  void test('a header without language columns is refused with invalid_glossary', () => {
    for (const bad of ['term\nfoo\n', 'term,Spanish\nfoo,bar\n', '']) {
      assert.throws(
        () => parseGlossaryFile(bad, 'g.csv', isCode),
        (e: unknown) => e instanceof ValidationError && e.code === 'invalid_glossary',
      );
    }
  });

  void test('inline entries override the file; languages match case-insensitively', () => {
    const merged = mergeGlossaries({ es: { a: '1', b: '2' } }, { es: { b: 'two' }, 'zh-Hans': { c: '3' } });
    assert.deepEqual(merged, { es: { a: '1', b: 'two' }, 'zh-Hans': { c: '3' } });
    assert.deepEqual([...termRulesFor(merged, ['X'], 'zh-hans').glossary], [['c', '3']]);
    assert.deepEqual(termRulesFor(undefined, undefined, 'es'), { glossary: new Map(), noTranslate: [] });
  });

  void test('terms named __proto__, constructor and toString are ordinary terms in files and merges', () => {
    const fromFile = parseGlossaryFile(
      'term,es\n__proto__,proto\nconstructor,constructor_es\n',
      'g.csv',
      isCode,
    );
    assert.deepEqual(Object.entries(fromFile.es ?? {}), [
      ['__proto__', 'proto'],
      ['constructor', 'constructor_es'],
    ]);
    // JSON.parse gives "__proto__" as an own key, the way a request body carries it.
    const inline = JSON.parse('{"es":{"__proto__":"inline","toString":"cadena"}}') as Glossary;
    const merged = mergeGlossaries(fromFile, inline);
    assert.deepEqual(Object.entries(merged.es ?? {}), [
      ['__proto__', 'inline'],
      ['constructor', 'constructor_es'],
      ['toString', 'cadena'],
    ]);
    assert.equal(Object.getPrototypeOf(merged.es), Object.prototype);
    assert.equal(termRulesFor(merged, [], 'es').glossary.get('__proto__'), 'inline');
  });
});
