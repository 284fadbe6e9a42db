import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
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
