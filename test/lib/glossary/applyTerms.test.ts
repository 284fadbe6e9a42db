import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileTerms } from '../../../src/lib/glossary/applyTerms.js';
import type { Piece } from '../../../src/lib/translation/translator.js';

const text = (t: string): Piece => ({ kind: 'text', text: t });

void describe('compileTerms', () => {
  const apply = compileTerms({
    glossary: new Map([
      ['Blob', 'Blob'],
      ['Blob Storage', 'Almacenamiento de blobs'],
      ['C++', 'C++ (lenguaje)'],
    ]),
    noTranslate: ['Azure', 'Contoso'],
  });

  void test('longest term first, whole words only, case-sensitive', () => {
    assert.deepEqual(apply([text('Use Blob Storage, not Blobs or blob. Azurite is not Azure.')]), [
      text('Use '),
      { kind: 'term', text: 'Blob Storage', translation: 'Almacenamiento de blobs' },
      text(', not Blobs or blob. Azurite is not '),
      { kind: 'keep', text: 'Azure' },
      text('.'),
    ]);
  });

  void test('terms with regex characters match literally; keep pieces are left alone', () => {
    assert.deepEqual(apply([{ kind: 'keep', text: 'Contoso' }, text(' C++ code')]), [
      { kind: 'keep', text: 'Contoso' },
      text(' '),
      { kind: 'term', text: 'C++', translation: 'C++ (lenguaje)' },
      text(' code'),
    ]);
  });

  void test('a term in both lists is kept verbatim; no rules is the identity', () => {
    const both = compileTerms({ glossary: new Map([['Azure', 'Azur']]), noTranslate: ['Azure'] });
    assert.deepEqual(both([text('Azure')]), [{ kind: 'keep', text: 'Azure' }]);
    const none = compileTerms({ glossary: new Map(), noTranslate: [] });
    const pieces = [text('Azure')];
    assert.equal(none(pieces), pieces);
  });
});
