import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gettextFormat } from '../../../src/lib/formats/gettext.js';
import { AZURE_REQUEST_LIMITS, AzureTranslator } from '../../../src/lib/translation/azure/azureTranslator.js';
import { translateSegments } from '../../../src/lib/translation/translateSegments.js';
import { sourceText } from '../../../src/lib/translation/tokens.js';
import type {
  SegmentPieces,
  TranslateRequest,
  TranslateResult,
  Translator,
} from '../../../src/lib/translation/translator.js';

/** Upper-cases text, records what it was sent. */
class RecordingUpper implements Translator {
  readonly name = 'upper';
  readonly sent: string[][] = [];
  constructor(readonly maxSegmentChars = 1000) {}
  translate(request: TranslateRequest): Promise<TranslateResult> {
    const texts = request.segments.map(sourceText);
    this.sent.push(texts);
    return Promise.resolve({
      segments: texts.map((t) => t.toUpperCase()),
      charactersCharged: texts.join('').length,
      requests: 1,
      charactersSent: texts.join('').length,
    });
  }
}

const text = (t: string): SegmentPieces => [{ kind: 'text', text: t }];

void describe('translateSegments', () => {
  void test('edge whitespace stays home; letterless segments are not sent; terms are applied locally when alone', async () => {
    const translator = new RecordingUpper();
    const result = await translateSegments(
      translator,
      [
        text('  hello world \n'),
        text('2.4.0 — 42'),
        [{ kind: 'term', text: 'Azure', translation: 'Azur' }],
        [
          { kind: 'keep', text: '`x`' },
          { kind: 'text', text: ' and y' },
        ],
      ],
      'es',
      'en',
    );
    assert.deepEqual(translator.sent, [['hello world', '`x` and y']]);
    assert.deepEqual(result.translations, ['  HELLO WORLD \n', '2.4.0 — 42', 'Azur', '`X` AND Y']);
  });

  void test('a segment over the provider limit is split at sentence ends and rejoined with its own spacing', async () => {
    const translator = new RecordingUpper(40);
    const long = 'First sentence is here. Second one follows!  Third is last.\nFourth after a line.';
    const result = await translateSegments(translator, [text(long)], 'es', undefined);
    assert.ok(
      translator.sent[0]!.every((part) => part.length <= 40),
      JSON.stringify(translator.sent),
    );
    assert.ok(translator.sent[0]!.length > 1);
    assert.equal(result.translations[0], long.toUpperCase());
  });

  void test('a single sentence longer than the limit is cut into pieces that still rejoin exactly', async () => {
    const translator = new RecordingUpper(10);
    const result = await translateSegments(translator, [text('abcdefghijklmnopqrstuvwxyz')], 'es', undefined);
    assert.equal(result.translations[0], 'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
  });

  void test('nothing to translate: no provider call', async () => {
    const translator = new RecordingUpper();
    const result = await translateSegments(translator, [text('   '), text('---')], 'es', undefined);
    assert.deepEqual(translator.sent, []);
    assert.equal(result.requests, 0);
  });
});

/** Azure Translator's real client over a fetch that echoes, counting the HTTP requests it makes. */
function countingAzure() {
  let requests = 0;
  const echo: typeof fetch = (_url, init) => {
    requests++;
    const body = JSON.parse(typeof init?.body === 'string' ? init.body : '[]') as { Text: string }[];
    const answer = body.map((item) => ({ translations: [{ text: item.Text.toUpperCase() }] }));
    return Promise.resolve(new Response(JSON.stringify(answer), { status: 200 }));
  };
  const translator = new AzureTranslator({
    endpoint: 'http://translator.test',
    auth: { kind: 'key', key: 'k' },
    retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, totalBudgetMs: 1_000 },
    concurrency: 2,
    requestTimeoutMs: 5_000,
    fetch: echo,
  });
  return { translator, requests: () => requests };
}

void describe('translateSegments with long segments', () => {
  void test('a 150,000-character segment takes as many requests as the limits allow, not one per sentence', async () => {
    const long = 'Lorem ipsum dolor sit amet, consectetur elit. '.repeat(3_300).trimEnd();
    assert.ok(long.length >= 150_000);
    const { translator, requests } = countingAzure();
    const result = await translateSegments(translator, [text(long)], 'es', 'en');
    assert.ok(
      requests() <= Math.ceil(long.length / AZURE_REQUEST_LIMITS.maxChars) + 1,
      `${requests()} requests`,
    );
    assert.equal(result.translations[0], long.toUpperCase());
  });

  void test('a long PO msgid with escapes between its lines is packed the same way', async () => {
    const line = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit sed do eiusmod.\\n';
    const body = Array.from({ length: 2_000 }, () => `"${line}"`).join('\n');
    const { segments } = gettextFormat.parse(`msgid ""\n${body}\nmsgstr ""\n`, { targetLanguage: 'es' });
    const { translator, requests } = countingAzure();
    const result = await translateSegments(translator, segments, 'es', 'en');
    // Every `\n` travels as protected markup, which the wire counts; still a handful of requests.
    assert.ok(requests() <= 8, `${requests()} requests`);
    assert.equal(
      result.translations[0],
      segments[0]!.map((p) => (p.kind === 'text' ? p.text.toUpperCase() : p.text)).join(''),
    );
  });

  void test('parts stay within the limit, keep protected pieces whole, and rejoin exactly', async () => {
    const translator = new RecordingUpper(50);
    const pieces: SegmentPieces = [
      { kind: 'text', text: 'One two three four five six seven eight nine ten eleven. Twelve ' },
      { kind: 'keep', text: '%s' },
      { kind: 'text', text: ' thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty' },
    ];
    const result = await translateSegments(translator, [pieces], 'es', undefined);
    const sent = translator.sent[0]!;
    assert.ok(
      sent.every((part) => part.length <= 50),
      JSON.stringify(sent),
    );
    assert.ok(sent.some((part) => part.includes('%s')));
    assert.ok(sent.length <= 4, JSON.stringify(sent));
    assert.equal(result.translations[0], sourceText(pieces).toUpperCase());
  });

  void test('whitespace-only protected pieces at the edges stay home', async () => {
    const translator = new RecordingUpper();
    const result = await translateSegments(
      translator,
      [
        [
          { kind: 'keep', text: '\r\n' },
          { kind: 'text', text: ' Hello ' },
          { kind: 'keep', text: '\n' },
        ],
      ],
      'es',
      undefined,
    );
    assert.deepEqual(translator.sent, [['Hello']]);
    assert.equal(result.translations[0], '\r\n HELLO \n');
  });
});
