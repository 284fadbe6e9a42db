import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { fateKindOf, permanentCodeOf } from '../../helpers/fates.js';
import { textLength } from '../../../src/lib/translation/tokens.js';
import type { SegmentPieces } from '../../../src/lib/translation/translator.js';
import { AzureTranslatorTestServer } from '../../helpers/azureTranslatorServer.js';
import { keep, term, text, translatorFor } from '../../helpers/azureTranslatorClient.js';
import { instantClock } from '../../helpers/instantClock.js';

const sentChars = (server: AzureTranslatorTestServer) =>
  server.received.map((r) => r.texts.reduce((n, t) => n + t.length, 0));

describe('AzureTranslator', () => {
  let server: AzureTranslatorTestServer;
  before(async () => {
    server = await AzureTranslatorTestServer.start({ key: 'k-1', region: 'westeurope' });
  });
  after(() => server.close());
  beforeEach(() => server.reset());

  describe('packing', () => {
    it('sends many segments in the fewest requests the 50,000-character limit allows', async () => {
      const segments = Array.from({ length: 120 }, (): SegmentPieces => [text('x'.repeat(1_000))]);
      const result = await translatorFor(server).translate({ segments, to: 'es', from: 'en' });
      assert.equal(server.requests, 3);
      assert.equal(result.requests, 3);
      assert.ok(sentChars(server).every((n) => n <= 50_000));
      assert.equal(result.charactersSent, 120_000);
      assert.equal(server.charactersReceived, 120_000);
      assert.ok(server.maxInFlight <= 2, `${server.maxInFlight} requests in flight`);
      assert.ok(result.segments.every((s) => s === `${'x'.repeat(1_000)}·es`));
    });

    it('splits 1,000+ tiny segments by the element limit', async () => {
      const segments = Array.from({ length: 2_500 }, (_, i): SegmentPieces => [text(`Hello ${i}`)]);
      const result = await translatorFor(server).translate({ segments, to: 'es', from: 'en' });
      assert.deepEqual(
        server.received.map((r) => r.texts.length),
        [1_000, 1_000, 500],
      );
      assert.equal(result.requests, 3);
      assert.equal(result.segments[2_499], 'Hola 2499');
    });

    it('rejects a segment that cannot fit a request without sending anything', async () => {
      const segments = [[text('Open the '), term('file', 'x'.repeat(50_000))]];
      await assert.rejects(
        translatorFor(server).translate({ segments, to: 'es', from: 'en' }),
        (e) => permanentCodeOf(e) === 'translator_rejected',
      );
      assert.equal(server.requests, 0);
    });
  });

  describe('retries', () => {
    const segments = [[text('The house is big.')]];

    it('waits the Retry-After a 429 asks for, then succeeds', async () => {
      server.plan({ status: 429, code: 429001, headers: { 'Retry-After': '2' } });
      const clock = instantClock();
      const result = await translatorFor(server, { clock }).translate({ segments, to: 'es', from: 'en' });
      assert.deepEqual(clock.sleeps, [2_000]);
      assert.deepEqual(result.segments, ['El casa es grande.']);
      assert.equal(server.requests, 2);
      assert.equal(result.requests, 2);
    });

    it('backs off with jitter on a 429 without Retry-After', async () => {
      server.plan({ status: 429, code: 429000 }, { status: 429, code: 429002 });
      const clock = instantClock();
      await translatorFor(server, { clock }).translate({ segments, to: 'es', from: 'en' });
      // random() = 0.5 of ceilings 100 and 200.
      assert.deepEqual(clock.sleeps, [50, 100]);
      assert.equal(server.requests, 3);
    });

    it('retries a 500, counting both attempts as sent', async () => {
      server.plan({ status: 500, code: 500000 });
      const result = await translatorFor(server).translate({ segments, to: 'es', from: 'en' });
      assert.deepEqual(result.segments, ['El casa es grande.']);
      assert.equal(result.requests, 2);
      assert.equal(result.charactersSent, 2 * 'The house is big.'.length);
      assert.equal(result.charactersCharged, 'The house is big.'.length);
    });

    it('throws a transient error when the next wait would pass the budget', async () => {
      server.plan(
        ...Array.from({ length: 5 }, () => ({ status: 429, code: 429001, headers: { 'Retry-After': '10' } })),
      );
      const clock = instantClock();
      const translator = translatorFor(server, {
        clock,
        retry: { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1_000, totalBudgetMs: 15_000 },
      });
      const error = await translator.translate({ segments, to: 'es', from: 'en' }).catch((e: unknown) => e);
      assert.equal(fateKindOf(error), 'retry_later', String(error));
      assert.match((error as Error).message, /429001/);
      assert.deepEqual(clock.sleeps, [10_000]);
      assert.equal(server.requests, 2);
    });

    it("an item's remaining retry budget, when given, bounds the waits of this call", async () => {
      server.plan({ status: 429, code: 429001, headers: { 'Retry-After': '2' } });
      const clock = instantClock();
      const error = await translatorFor(server, { clock })
        .translate({ segments, to: 'es', from: 'en', retryBudgetMs: 1_500 })
        .catch((e: unknown) => e);
      assert.equal(fateKindOf(error), 'retry_later', String(error));
      assert.deepEqual(clock.sleeps, [], 'a 2 s wait does not fit in the 1.5 s left');
      assert.equal(server.requests, 1);
    });

    it('retries a response slower than the request timeout', async () => {
      server.plan({ delayMs: 3_000 });
      const started = performance.now();
      const result = await translatorFor(server, { requestTimeoutMs: 200 }).translate({
        segments,
        to: 'es',
        from: 'en',
      });
      assert.deepEqual(result.segments, ['El casa es grande.']);
      assert.equal(server.requests, 2);
      assert.ok(performance.now() - started < 2_500, 'the slow answer was not awaited');
    });
  });

  describe('permanent failures', () => {
    it('fails the item translator_rejected on 400050, naming the code, without retrying', async () => {
      server.plan({ status: 400, code: 400050, message: 'The input text is too long.' });
      const error = await translatorFor(server)
        .translate({ segments: [[text('Hello')]], to: 'es', from: 'en' })
        .catch((e: unknown) => e);
      assert.equal(permanentCodeOf(error), 'translator_rejected');
      assert.match((error as Error).message, /400050/);
      assert.equal(server.requests, 1);
    });

    it('fails unsupported_language_pair when the service rejects the target (400036)', async () => {
      await assert.rejects(
        translatorFor(server).translate({ segments: [[text('Hello')]], to: 'xx', from: 'en' }),
        (e) => permanentCodeOf(e) === 'unsupported_language_pair' && /400036/.test((e as Error).message),
      );
      assert.equal(server.requests, 1);
    });

    it('fails the item translator_rejected when the quota is used up (403001)', async () => {
      server.plan({ status: 403, code: 403001, message: 'The subscription has exceeded its free quota.' });
      await assert.rejects(
        translatorFor(server).translate({ segments: [[text('Hello')]], to: 'es', from: 'en' }),
        (e) => permanentCodeOf(e) === 'translator_rejected' && /403001/.test((e as Error).message),
      );
      assert.equal(server.requests, 1);
    });

    it('stops sending the rest of an item once one request failed for good', async () => {
      server.plan({ status: 400, code: 400050 });
      const segments = Array.from({ length: 3_000 }, (): SegmentPieces => [text('Hello')]);
      await assert.rejects(
        translatorFor(server, { concurrency: 1 }).translate({ segments, to: 'es', from: 'en' }),
      );
      assert.equal(server.requests, 1);
    });
  });

  describe('wire encoding', () => {
    it('escapes text, terms and translations holding quotes and angle brackets', async () => {
      const segments = [
        [text('Open the '), term('a<b "c"', 'x"y<z'), text(' & read <the> page.'), keep('{n}')],
      ];
      const result = await translatorFor(server).translate({ segments, to: 'es', from: 'en' });
      const wire = server.received[0]?.texts[0] ?? '';
      assert.match(wire, /<mstrans:dictionary translation="x&quot;y&lt;z">a&lt;b "c"<\/mstrans:dictionary>/);
      assert.match(wire, / &amp; read &lt;the&gt; page\./);
      assert.deepEqual(result.segments, ['Abre el x"y<z & lee <el> página.{n}']);
    });

    it('without a source language, sends terms as protected tokens (the dictionary needs `from`)', async () => {
      const result = await translatorFor(server).translate({
        segments: [[text('Open the '), term('file', 'Fichero')]],
        to: 'es',
      });
      assert.doesNotMatch(server.received[0]?.texts[0] ?? '', /mstrans/);
      assert.deepEqual(result.segments, ['Abre el Fichero']);
    });

    it('tolerates protected spans coming back with other attributes, quotes and padding', async () => {
      const variant = await AzureTranslatorTestServer.start({ key: 'k-1', variantMarkup: true });
      try {
        const segments = [[text('Open the file '), keep('`npm ci`'), text(' today.')]];
        const result = await translatorFor(variant).translate({ segments, to: 'es', from: 'en' });
        assert.match(variant.received[0]?.reply ?? '', /data-mt/);
        assert.deepEqual(result.segments, ['Abre el archivo `npm ci` hoy.']);
      } finally {
        await variant.close();
      }
    });
  });

  describe('reporting', () => {
    it('reports the language most segments were detected as when `from` is absent', async () => {
      const segments = ['The house is big.', 'La casa es grande.', 'Open the file.', 'Read the book.'].map(
        (s): SegmentPieces => [text(s)],
      );
      const detected = await translatorFor(server).translate({ segments, to: 'es' });
      assert.equal(detected.detectedLanguage, 'en');
      assert.ok(server.received.every((r) => !r.query.has('from')));
      const given = await translatorFor(server).translate({ segments, to: 'es', from: 'en' });
      assert.equal(given.detectedLanguage, undefined);
    });

    it('sums X-metered-usage over requests', async () => {
      // Without `from`, terms travel as protected spans the service does not bill: the meter differs from
      // the characters of text, which shows which one was used.
      const segments = Array.from({ length: 2_100 }, (): SegmentPieces => [
        text('Open the '),
        term('file', 'F'),
      ]);
      const result = await translatorFor(server).translate({ segments, to: 'es' });
      const metered = server.received.reduce((n, r) => n + (r.metered ?? 0), 0);
      assert.equal(server.requests, 3);
      assert.equal(result.charactersCharged, metered);
      assert.notEqual(
        metered,
        segments.reduce((n, s) => n + textLength(s), 0),
      );
    });

    it('charges the characters of text sent when the service reports no meter', async () => {
      const unmetered = await AzureTranslatorTestServer.start({ key: 'k-1', meteredUsage: false });
      try {
        const segments = [[text('Open the '), keep('{x}'), text(' file.')], [text('Hello')]];
        const result = await translatorFor(unmetered).translate({ segments, to: 'es', from: 'en' });
        assert.equal(result.charactersCharged, 'Open the  file.Hello'.length);
      } finally {
        await unmetered.close();
      }
    });
  });
});
