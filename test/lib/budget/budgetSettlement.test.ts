/** How a budgeted call settles its reservation, whatever the provider does (no storage involved). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { budgetedTranslator, type CharacterBudget } from '../../../src/lib/budget/budgetedTranslator.js';
import { PermanentItemError } from '../../../src/lib/errors.js';
import { withPartialCharge } from '../../../src/lib/translation/partialCharge.js';
import { PseudoTranslator } from '../../../src/lib/translation/pseudoTranslator.js';
import type { TranslateRequest, Translator } from '../../../src/lib/translation/translator.js';

function ledger(left: number): CharacterBudget & { settled: [number, number][] } {
  const settled: [number, number][] = [];
  return {
    maxCharacters: left,
    settled,
    reserve: (n) => {
      if (n > left) return Promise.resolve(false);
      left -= n;
      return Promise.resolve(true);
    },
    settle: (reserved, charged) => {
      settled.push([reserved, charged]);
      left += reserved - charged;
      return Promise.resolve();
    },
  };
}

const request: TranslateRequest = {
  segments: [
    [{ kind: 'text', text: 'Hello world' }],
    [
      { kind: 'keep', text: '{x}' },
      { kind: 'text', text: 'Hi' },
    ],
  ],
  to: 'es',
};

const failing = (error: Error): Translator => ({
  name: 'failing',
  maxSegmentChars: 1000,
  translate: () => Promise.reject(error),
});

void describe('budgetedTranslator: reserve before, settle after', () => {
  void test('a successful call reserves what it will be billed and settles what it was billed', async () => {
    const budget = ledger(100);
    const result = await budgetedTranslator(new PseudoTranslator(0), budget).translate(request);
    assert.equal(result.charactersCharged, 13);
    assert.deepEqual(budget.settled, [[13, 13]]);
  });

  void test('a call the budget cannot cover is never sent and fails budget_exceeded', async () => {
    let sent = false;
    const provider: Translator = {
      name: 'p',
      maxSegmentChars: 1000,
      translate: (r) => ((sent = true), new PseudoTranslator(0).translate(r)),
    };
    await assert.rejects(
      budgetedTranslator(provider, ledger(12)).translate(request),
      (error) => error instanceof PermanentItemError && error.code === 'budget_exceeded',
    );
    assert.equal(sent, false);
  });

  void test('a failed call is settled at what the provider billed before failing, if it says', async () => {
    const budget = ledger(100);
    const error = withPartialCharge(new Error('second request throttled'), 11);
    await assert.rejects(budgetedTranslator(failing(error), budget).translate(request), /throttled/);
    assert.deepEqual(budget.settled, [[13, 11]]);
  });

  void test('a failed call that does not say what it billed keeps its whole reservation', async () => {
    const budget = ledger(100);
    await assert.rejects(budgetedTranslator(failing(new Error('reset')), budget).translate(request), /reset/);
    assert.deepEqual(budget.settled, [[13, 13]]);
  });

  void test('whole documents are refused under a budget: their characters are only known after billing', async () => {
    const provider: Translator = {
      ...new PseudoTranslator(0),
      name: 'docs',
      maxSegmentChars: 1000,
      translate: (r) => new PseudoTranslator(0).translate(r),
      documents: {
        extensions: ['.docx'],
        maxBytes: 1000,
        translateDocument: () => Promise.resolve({ content: Buffer.from(''), charactersCharged: 5 }),
      },
    };
    const documents = budgetedTranslator(provider, ledger(1000)).documents;
    assert.ok(documents);
    await assert.rejects(
      documents.translateDocument({
        content: Buffer.from('x'),
        fileName: 'a.docx',
        contentType: 'x',
        to: 'es',
      }),
      (error) => error instanceof PermanentItemError && error.code === 'budget_exceeded',
    );
  });
});
