import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ValidationError } from '../../../src/lib/errors.js';
import { mergeGlossaries, parseGlossaryFile, termRulesFor } from '../../../src/lib/glossary/glossary.js';

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
});
