import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { splitAtBoundaries } from '../../../src/lib/translation/apertiumBatching.js';
import { ApertiumTranslator, type ApertiumOptions } from '../../../src/lib/translation/apertiumTranslator.js';
import type { Piece, SegmentPieces } from '../../../src/lib/translation/translator.js';
import { useApertium } from '../../helpers/apertium.js';
import { fateKindOf, permanentCodeOf } from '../../helpers/fates.js';

const apertium = useApertium();

const text = (t: string): Piece => ({ kind: 'text', text: t });
const keep = (t: string): Piece => ({ kind: 'keep', text: t });

/** Every `q` sent to /translate, in order, through the real fetch. */
function recordingFetch(sent: string[]): typeof fetch {
  return (input, init) => {
    if (init?.body instanceof URLSearchParams) sent.push(init.body.get('q') ?? '');
    return fetch(input, init);
  };
}

const create = (options: Partial<ApertiumOptions> = {}) =>
  new ApertiumTranslator({
    url: apertium.url(),
    defaultSourceLanguage: 'en',
    concurrency: 4,
    requestTimeoutMs: 10_000,
    retry: { maxAttempts: 3, baseDelayMs: 10 },
    ...options,
  });

const SENTENCES = [
  'The house is big.',
  'We translate documents every day.',
  'Open the file and read the first page.',
  'The weather is good today, but tomorrow it will rain in the mountains.',
  'This book is very interesting and my sister wants to read it.',
  'Where is the train station?',
  'The children play in the garden after school!',
  'My father works in a small office near the river.',
];

describe('ApertiumTranslator against a real APy', () => {
  it('translates English to Spanish, using the default source language when none is given', async () => {
    const result = await create().translate({
      segments: [[text('The house is big.')], [text('Where is the train station?')]],
      to: 'es',
    });
    assert.equal(result.segments[0], 'La casa es grande.');
    assert.match(result.segments[1] ?? '', /^¿?Dónde es/);
    assert.equal(result.requests, 1);
    assert.equal(result.charactersCharged, 'The house is big.Where is the train station?'.length);
  });

  it('translates segments sharing a request exactly as it translates each alone', async () => {
    const translator = create();
    const sources = [
      'the red house',
      'Sentence number 2 is here',
      'I am here.',
      'see below',
      'It is raining!',
    ];
    const batched = await translator.translate({ segments: sources.map((s) => [text(s)]), to: 'es' });
    assert.equal(batched.requests, 1);
    for (const [i, source] of sources.entries()) {
      const alone = await translator.translate({ segments: [[text(source)]], to: 'es' });
      assert.equal(batched.segments[i], alone.segments[0], source);
    }
  });

  it('uses a regional variant APy has (es → en-US) and the base language otherwise (es → en-GB)', async () => {
    const translator = create({ defaultSourceLanguage: 'es' });
    const us = await translator.translate({ segments: [[text('La casa de color rojo.')]], to: 'en-US' });
    const gb = await translator.translate({ segments: [[text('La casa de color rojo.')]], to: 'en-GB' });
    assert.match(us.segments[0] ?? '', /\bcolor\b/);
    assert.match(gb.segments[0] ?? '', /\bcolour\b/);
  });

  it('rejects a pair APy does not have, listing the installed pairs in ISO form', async () => {
    const translator = create();
    const attempt = translator.translate({ segments: [[text('The house is big.')]], to: 'de', from: 'en' });
    await assert.rejects(attempt, (error: unknown) => {
      assert.equal(permanentCodeOf(error), 'unsupported_language_pair');
      assert.match((error as Error).message, /en→de/);
      assert.match((error as Error).message, /en→es/);
      assert.match((error as Error).message, /es→en-US/);
      return true;
    });
  });

  it('keeps protected pieces, glossary terms and edge whitespace; never sends letterless segments', async () => {
    const segments: SegmentPieces[] = [
      [keep('**'), text('The house'), keep('**'), text(' is big.')],
      [text('Run '), keep('`x < y && z`'), text(' in the file'), keep('{count}'), text('s.')],
      [text('Open the '), { kind: 'term', text: 'file', translation: 'archivo' }, text(' now.')],
      [text('  The house is big.\n\n')],
      [text('Section ⟦§0⟧. The house is big.')],
      [text('1,234.5 — 42')],
    ];
    const result = await create().translate({ segments, to: 'es', from: 'en' });
    const [bold, code, term, spaced, marker, numbers] = result.segments;
    assert.match(bold ?? '', /^\*\*La casa\*\* es grande\.$/);
    assert.ok(code?.includes('`x < y && z`') && code.includes('{count}'), code);
    assert.match(term ?? '', /archivo/);
    assert.equal(spaced, '  La casa es grande.\n\n');
    assert.match(marker ?? '', /^Sección ⟦§0⟧\. La casa es grande\.$/);
    assert.equal(numbers, '1,234.5 — 42');
    assert.equal(result.requests, 1);
  });

  it('translates 30,000 characters completely and in order in requests of at most 4,000 characters', async () => {
    const segments: SegmentPieces[] = [];
    for (let i = 0; segments.length < 400; i++) {
      const body = Array.from({ length: 1 + (i % 4) }, (_, k) => SENTENCES[(i + k) % SENTENCES.length]);
      segments.push([keep(`<a${i}>`), text(` ${body.join(' ')} `), keep(`<z${i}>`)]);
    }
    // One segment longer than a request, with markers between its sentences to prove their order.
    const long = Array.from({ length: 120 }, (_, k) => [
      text(`${SENTENCES[k % SENTENCES.length]} `),
      keep(`<L${k}>`),
    ]);
    segments.splice(200, 0, [...long.flat(), text(' The end.')]);
    const total = segments.reduce((n, s) => n + s.reduce((m, p) => m + p.text.length, 0), 0);
    assert.ok(total > 30_000, `${total} characters`);

    const sent: string[] = [];
    const result = await create({ fetch: recordingFetch(sent) }).translate({
      segments,
      to: 'es',
      from: 'en',
    });

    assert.equal(result.requests, sent.length);
    for (const q of sent) assert.ok(q.length <= 4_000, `a request of ${q.length} characters`);
    assert.ok(sent.length >= Math.ceil(total / 4_000), `${sent.length} requests`);
    assert.ok(sent.length <= Math.ceil(total / 4_000) + 3, `${sent.length} requests for ${total} characters`);
    assert.equal(result.charactersSent, sent.join('').length);

    assert.equal(result.segments.length, segments.length);
    let order = 0;
    result.segments.forEach((out, s) => {
      if (s === 200) {
        const positions = long.map((_, k) => out.indexOf(`<L${k}>`));
        positions.forEach((p, k) => assert.ok(p > (positions[k - 1] ?? -1), `long segment marker ${k}`));
        assert.match(out, /<L119> El fin\.$/);
        return;
      }
      const match = /^<a(\d+)> (.+) <z(\d+)>$/s.exec(out);
      assert.ok(match, `segment ${s}: ${out}`);
      assert.equal(Number(match[1]), order);
      assert.equal(Number(match[3]), order);
      order += 1;
    });
    assert.ok(
      result.segments.every((out) => !out.includes('house')),
      'everything translated',
    );
  });
});

/**
 * A stand-in for APy that "translates" by upper-casing and, like APy, answers 200 with only the first
 * `keepChars` characters, cut at a line end. `failures` 503 answers come first.
 */
async function fakeApy(keepChars: number, failures = 0) {
  const stats = { translateCalls: 0, truncated: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/listPairs') {
        res.end(JSON.stringify({ responseData: [{ sourceLanguage: 'eng', targetLanguage: 'spa' }] }));
        return;
      }
      stats.translateCalls += 1;
      if (stats.translateCalls <= failures) {
        res.statusCode = 503;
        res.end(JSON.stringify({ code: 503, explanation: 'internal error' }));
        return;
      }
      const q = new URLSearchParams(Buffer.concat(chunks).toString('utf8')).get('q') ?? '';
      let out = q.toUpperCase();
      if (out.length > keepChars) {
        stats.truncated += 1;
        out = out.slice(0, Math.max(0, out.lastIndexOf('\n', keepChars)));
      }
      res.end(JSON.stringify({ responseData: { translatedText: out }, responseStatus: 200 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, stats, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('ApertiumTranslator against a truncating or failing server', () => {
  it('detects truncated answers and translates them again as smaller requests', async () => {
    const fake = await fakeApy(700);
    try {
      const sources = [
        ...Array.from({ length: 40 }, (_, i) => `Segment ${i}: ${SENTENCES[i % SENTENCES.length]}`),
        SENTENCES.join(' ').repeat(8),
      ];
      const result = await create({ url: fake.url }).translate({
        segments: sources.map((s) => [text(s)]),
        to: 'es',
      });
      assert.deepEqual(
        result.segments,
        sources.map((s) => s.toUpperCase()),
      );
      assert.ok(fake.stats.truncated > 0, 'the server truncated');
      assert.equal(result.requests, fake.stats.translateCalls);
      assert.ok(result.requests > fake.stats.truncated);
    } finally {
      await fake.close();
    }
  });

  it('gives up with a transient error when even a short text comes back incomplete', async () => {
    const fake = await fakeApy(0);
    try {
      const attempt = create({ url: fake.url }).translate({
        segments: [[text('The house is big.')]],
        to: 'es',
      });
      await assert.rejects(attempt, (error: unknown) => {
        assert.equal(fateKindOf(error), 'transient');
        assert.match((error as Error).message, /incomplete/);
        return true;
      });
    } finally {
      await fake.close();
    }
  });

  it('retries 5xx answers, then fails transiently once the attempts are used up', async () => {
    const recovering = await fakeApy(10_000, 2);
    const down = await fakeApy(10_000, 100);
    try {
      const ok = await create({ url: recovering.url }).translate({ segments: [[text('Hello.')]], to: 'es' });
      assert.deepEqual(ok.segments, ['HELLO.']);
      assert.equal(ok.requests, 3);
      const attempt = create({ url: down.url }).translate({ segments: [[text('Hello.')]], to: 'es' });
      await assert.rejects(attempt, (error: unknown) => {
        assert.equal(fateKindOf(error), 'transient');
        assert.match((error as Error).message, /HTTP 503/);
        return true;
      });
      assert.equal(down.stats.translateCalls, 3);
    } finally {
      await recovering.close();
      await down.close();
    }
  });
});

describe('splitAtBoundaries', () => {
  it('cuts at sentence ends, then spaces, never inside a token, and loses nothing', () => {
    const source = `${'The house is big. '.repeat(20)}${'word '.repeat(30)}${'x⟦12⟧'.repeat(40)}`;
    const parts = splitAtBoundaries(source, 50);
    assert.equal(parts.join(''), source);
    for (const part of parts) {
      assert.ok(part.length <= 50, part);
      assert.equal(part.split('⟦').length, part.split('⟧').length, `token cut in ${part}`);
    }
    assert.ok(parts.slice(0, 6).every((p) => p.endsWith('big. ')));
  });
});
