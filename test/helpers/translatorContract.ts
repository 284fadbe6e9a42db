import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Piece, SegmentPieces, Translator } from '../../src/lib/translation/translator.js';

/** English sentences any engine (pseudo, a real MT system, the v3 test server) will visibly change. */
const SENTENCES = [
  'The house is big.',
  'We translate documents every day.',
  'Open the file and read the first page.',
  'The weather is good today.',
  'This book is very interesting.',
];

const text = (t: string): Piece => ({ kind: 'text', text: t });
const keep = (t: string): Piece => ({ kind: 'keep', text: t });

/** A segment whose protected marker names its position, so order and completeness can both be checked. */
const numbered = (i: number): SegmentPieces => [
  text(`${SENTENCES[i % SENTENCES.length]} `),
  keep(`{seg${i}}`),
  text(' The house is big.'),
];

export interface ContractOptions {
  /** How to tell a translated segment from its source; default: they differ. */
  isTranslated?: (source: string, translated: string) => boolean;
  /** Characters a request carries at most, so the suite can force several requests. */
  requestChars: number;
}

/**
 * What every provider must do, run against pseudo, azure (v3 test server) and apertium (a real APy):
 * translate, keep protected pieces verbatim and in place, apply glossary terms, keep segment order across
 * many requests, and report what was charged and sent.
 */
export function translatorContract(
  name: string,
  create: () => Translator | Promise<Translator>,
  options: ContractOptions,
): void {
  const isTranslated = options.isTranslated ?? ((s, t) => s !== t);

  describe(`translator contract: ${name}`, () => {
    it('translates each segment and reports requests, characters sent and charged', async () => {
      const translator = await create();
      const result = await translator.translate({
        segments: SENTENCES.map((s) => [text(s)]),
        to: 'es',
        from: 'en',
      });
      assert.equal(result.segments.length, SENTENCES.length);
      result.segments.forEach((out, i) => assert.ok(isTranslated(SENTENCES[i] ?? '', out), out));
      assert.ok(result.requests >= 1);
      assert.ok(result.charactersSent >= SENTENCES.join('').length * 0.9, `sent ${result.charactersSent}`);
      assert.ok(result.charactersCharged > 0);
    });

    it('returns protected pieces verbatim, exactly once, in their own segment', async () => {
      const translator = await create();
      const protectedPieces = ['`npm install`', '{count}', '%1$s', '<b>', 'https://example.com/a?b=c&d=e'];
      const segments = protectedPieces.map((p): SegmentPieces => [
        text('Open the file '),
        keep(p),
        text(' and read the first page.'),
      ]);
      const result = await translator.translate({ segments, to: 'es', from: 'en' });
      result.segments.forEach((out, i) => {
        const expected = protectedPieces[i] ?? '';
        assert.equal(out.split(expected).length - 1, 1, `${expected} in ${out}`);
      });
    });

    it('applies glossary terms', async () => {
      const translator = await create();
      const result = await translator.translate({
        segments: [
          [text('Open the '), { kind: 'term', text: 'file', translation: 'Fichero "X" <1>' }, text('.')],
        ],
        to: 'es',
        from: 'en',
      });
      assert.match(result.segments[0] ?? '', /Fichero "X" <1>/);
    });

    it('keeps order and completeness across several requests', async () => {
      const translator = await create();
      const perSegment = numbered(0).reduce((n, p) => n + p.text.length, 0);
      const count = Math.ceil((options.requestChars * 3) / perSegment);
      const segments = Array.from({ length: count }, (_, i) => numbered(i));
      const result = await translator.translate({ segments, to: 'es', from: 'en' });
      assert.equal(result.segments.length, count);
      result.segments.forEach((out, i) => assert.ok(out.includes(`{seg${i}}`), `segment ${i}: ${out}`));
      assert.ok(result.requests >= 3, `${result.requests} requests for ${count} segments`);
    });

    it('answers an empty request without calling the provider', async () => {
      const translator = await create();
      const result = await translator.translate({ segments: [], to: 'es', from: 'en' });
      assert.deepEqual(result.segments, []);
      assert.equal(result.requests, 0);
    });
  });
}
