import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { countsPerForm, parsePluralForms, pluralRuleFor } from '../../../src/lib/formats/gettextPlurals.js';

void describe('gettext plural rules', () => {
  void test('a header rule is read with its own number of forms, Transifex style included', () => {
    const rule = parsePluralForms('nplurals=3; plural=n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;');
    assert.equal(rule?.nplurals, 3);
    assert.equal(rule?.plural, 'n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2');
  });

  void test('templates and broken rules declare nothing usable', () => {
    for (const value of [
      'nplurals=INTEGER; plural=EXPRESSION;',
      'nplurals=2; plural=(n != 1',
      'nplurals=2; plural=n == 1 ? 0 : 2;',
      'nplurals=0; plural=0;',
      'plural=(n != 1);',
      'nplurals=2; plural=alert(1);',
      undefined,
    ]) {
      assert.equal(parsePluralForms(value), undefined, String(value));
    }
  });

  void test('the counts each form serves come from the expression, not from a list of languages', () => {
    const russian = countsPerForm(pluralRuleFor('ru')!);
    assert.deepEqual(russian[0]?.slice(0, 4), [1, 21, 31, 41]);
    assert.deepEqual(russian[1]?.slice(0, 4), [2, 3, 4, 22]);
    const french = countsPerForm(pluralRuleFor('fr')!);
    assert.deepEqual(french[0], [0, 1]);
    const made = countsPerForm(parsePluralForms('nplurals=2; plural=n%10==1 ? 0 : 1;')!);
    assert.deepEqual(made[0]?.slice(0, 3), [1, 11, 21]);
  });
});
