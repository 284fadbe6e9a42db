import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PermanentItemError } from '../../../src/lib/errors.js';
import { encodeSegment, restoreTokens, sourceText, textLength } from '../../../src/lib/translation/tokens.js';
import type { SegmentPieces } from '../../../src/lib/translation/translator.js';

const segment: SegmentPieces = [
  { kind: 'text', text: 'Run ' },
  { kind: 'keep', text: '`npm ci`' },
  { kind: 'text', text: ' & open the ' },
  { kind: 'term', text: 'portal', translation: 'portal "Azure"' },
];

const mismatch = (pattern: RegExp) => (error: unknown) =>
  error instanceof PermanentItemError && error.code === 'placeholder_mismatch' && pattern.test(error.message);

void describe('protected tokens', () => {
  void test('encodes keep and term pieces as numbered tokens, with provider-chosen wrappers', () => {
    assert.deepEqual(encodeSegment(segment), {
      text: 'Run ⟦0⟧ & open the ⟦1⟧',
      replacements: ['`npm ci`', 'portal "Azure"'],
    });
    const html = encodeSegment(segment, {
      encodeText: (t) => t.replace(/&/g, '&amp;'),
      encodeToken: (t) => `<span class="notranslate">${t}</span>`,
      encodeTerm: (p) => `<mstrans:dictionary translation="${p.translation}">${p.text}</mstrans:dictionary>`,
    });
    assert.equal(
      html.text,
      'Run <span class="notranslate">⟦0⟧</span> &amp; open the <mstrans:dictionary translation="portal "Azure"">portal</mstrans:dictionary>',
    );
    assert.deepEqual(html.replacements, ['`npm ci`']);
  });

  void test('restores tokens in any order the engine moved them to', () => {
    assert.equal(restoreTokens('⟦1⟧ y ⟦0⟧', ['a', 'b']), 'b y a');
  });

  void test('a lost, repeated or invented token fails the item with placeholder_mismatch', () => {
    assert.throws(() => restoreTokens('only ⟦0⟧', ['a', 'b']), mismatch(/⟦1⟧ missing/));
    assert.throws(() => restoreTokens('⟦0⟧ ⟦0⟧ ⟦1⟧', ['a', 'b']), mismatch(/⟦0⟧ repeated/));
    assert.throws(() => restoreTokens('⟦0⟧ ⟦7⟧', ['a']), mismatch(/unexpected ⟦7⟧/));
  });

  void test('source text and billable length', () => {
    assert.equal(sourceText(segment), 'Run `npm ci` & open the portal');
    assert.equal(textLength(segment), 'Run '.length + ' & open the '.length + 'portal'.length);
  });
});
