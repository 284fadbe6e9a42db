import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { createTranslator } from '../../../src/lib/translation/createTranslator.js';
import { PseudoTranslator, pseudoLocalize } from '../../../src/lib/translation/pseudoTranslator.js';
import type { SegmentPieces } from '../../../src/lib/translation/translator.js';

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

void describe('pseudoLocalize', () => {
  void test('accents letters and brackets the text with the language tag', () => {
    assert.equal(pseudoLocalize('Hello, World 42!', 'es'), '[es: Ĥéļļö, Ŵöŕļð 42!]');
    assert.equal(pseudoLocalize('x', 'zh-Hans'), '[zh-Hans: ẋ]');
  });

  void test('is deterministic', () => {
    const text = 'The quick brown fox jumps over the lazy dog.\nTHE QUICK BROWN FOX';
    const first = pseudoLocalize(text, 'fr');
    for (let i = 0; i < 5; i++) assert.equal(pseudoLocalize(text, 'fr'), first);
    assert.notEqual(pseudoLocalize(text, 'de'), first, 'the language tag is part of the output');
  });

  void test('every ASCII letter becomes one accented, non-ASCII character', () => {
    for (const letter of LETTERS) {
      const out = pseudoLocalize(letter, 'xx');
      const match = /^\[xx: (.+)\]$/u.exec(out);
      assert.ok(match, `bracketed: ${out}`);
      const accented = match[1] ?? '';
      assert.equal([...accented].length, 1, `one character for ${letter}: ${accented}`);
      assert.notEqual(accented, letter);
      assert.ok((accented.codePointAt(0) ?? 0) > 127, `${letter} → ${accented} is not ASCII`);
    }
    const all = pseudoLocalize(LETTERS, 'xx');
    assert.ok(all.startsWith('[xx: ') && all.endsWith(']'));
    assert.doesNotMatch(all.slice('[xx: '.length, -1), /[A-Za-z]/, 'no ASCII letter survives');
    assert.equal([...all.slice('[xx: '.length, -1)].length, LETTERS.length);
  });

  void test('digits, punctuation, symbols and non-Latin text are unchanged', () => {
    const untouched = '0123456789 .,;:!?-_()[]{}"\'/\\@#$%^&*+=<>~`|';
    assert.equal(pseudoLocalize(untouched, 'es'), `[es: ${untouched}]`);
    const nonLatin = 'Привет мир 你好 مرحبا ñ é ß ✓ 😀';
    assert.equal(pseudoLocalize(nonLatin, 'es'), `[es: ${nonLatin}]`);
  });

  void test('leading and trailing whitespace stay outside the brackets; inner whitespace inside', () => {
    assert.equal(pseudoLocalize('  \n\tHi there \r\n', 'de'), '  \n\t[de: Ĥí ţĥéŕé] \r\n');
    assert.equal(pseudoLocalize('a\n\nb', 'de'), '[de: á\n\nƀ]');
    assert.equal(pseudoLocalize('\uFEFFtitle', 'de'), '\uFEFF[de: ţíţļé]');
  });

  void test('whitespace-only and empty input is returned unchanged', () => {
    for (const text of ['', ' ', '\n', '\r\n\r\n', ' \t \n ']) assert.equal(pseudoLocalize(text, 'es'), text);
  });
});

void describe('PseudoTranslator', () => {
  const texts = ['Hello', '', '   ', 'Ünïcode ✓ 😀', 'x'.repeat(1000), '  padded\n'];
  const segments: SegmentPieces[] = texts.map((text) => [{ kind: 'text', text }]);

  void test('translates each segment with pseudoLocalize, in order, one output per input', async () => {
    const translator = new PseudoTranslator();
    assert.equal(translator.name, 'pseudo');
    const result = await translator.translate({ segments, to: 'it', from: 'en' });
    assert.equal(result.segments.length, segments.length);
    assert.deepEqual(
      result.segments,
      texts.map((s) => pseudoLocalize(s, 'it')),
    );
    assert.equal(result.segments[5], '  [it: þáððéð]\n');
  });

  void test('charges the sum of the segment lengths', async () => {
    const result = await new PseudoTranslator().translate({ segments, to: 'it' });
    assert.equal(
      result.charactersCharged,
      texts.reduce((n, s) => n + s.length, 0),
    );
    const none = await new PseudoTranslator().translate({ segments: [], to: 'it' });
    assert.deepEqual(none, { segments: [], charactersCharged: 0, requests: 0, charactersSent: 0 });
  });

  void test('protected pieces and glossary terms pass through the token path untouched', async () => {
    const result = await new PseudoTranslator().translate({
      segments: [
        [
          { kind: 'text', text: 'Run ' },
          { kind: 'keep', text: '`npm ci`' },
          { kind: 'text', text: ' on the ' },
          { kind: 'term', text: 'server', translation: 'servidor' },
        ],
      ],
      to: 'es',
    });
    assert.deepEqual(result.segments, ['[es: Ŕúñ `npm ci` öñ ţĥé servidor]']);
  });

  void test('is deterministic across calls and instances', async () => {
    const a = await new PseudoTranslator().translate({ segments, to: 'pt-BR' });
    const b = await new PseudoTranslator().translate({ segments, to: 'pt-BR' });
    const c = await new PseudoTranslator().translate({ segments: [...segments], to: 'pt-BR' });
    assert.deepEqual(a, b);
    assert.deepEqual(a, c);
  });

  void test('the latency option delays each call by about that long', async () => {
    const latencyMs = 80;
    const translator = new PseudoTranslator(latencyMs);
    const started = performance.now();
    const result = await translator.translate({ segments: [[{ kind: 'text', text: 'slow' }]], to: 'es' });
    const elapsed = performance.now() - started;
    assert.ok(elapsed >= latencyMs * 0.9, `took ${elapsed.toFixed(1)} ms, expected at least ~${latencyMs}`);
    assert.deepEqual(result.segments, ['[es: šļöŵ]']);
  });

  void test('createTranslator builds the pseudo provider with the configured latency', async () => {
    const translator = createTranslator({ provider: 'pseudo', pseudoLatencyMs: 50 });
    assert.ok(translator instanceof PseudoTranslator);
    const started = performance.now();
    await translator.translate({ segments: [[{ kind: 'text', text: 'a' }]], to: 'es' });
    assert.ok(performance.now() - started >= 45);
  });
});
