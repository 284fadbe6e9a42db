import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { detectLegacyEncoding, MIN_CONFIDENCE } from '../../../src/lib/encoding/legacyDetection.js';

const cues = (text: string) =>
  Array.from({ length: 10 }, (_, i) => `${i + 1}\n00:00:0${i},000 --> 00:00:0${i},500\n${text}\n`).join('\n');

describe('detectLegacyEncoding', () => {
  test('finds the encoding of legacy subtitles', () => {
    for (const [text, encoding, name] of [
      ['Wir fahren morgen früh über die Brücke nach Köln.', 'windows-1252', 'windows-1252'],
      [
        'Zażółć gęślą jaźń. Chciałbym pójść do kościoła, ale pogoda jest okropna i wieje silny wiatr.',
        'windows-1250',
        'windows-1250',
      ],
      ['Привет, как дела? Завтра мы поедем на дачу к бабушке.', 'koi8-r', 'koi8-r'],
      ['こんにちは、元気ですか？今日はいい天気ですね。', 'euc-jp', 'euc-jp'],
    ] as const) {
      const detection = detectLegacyEncoding(iconv.encode(cues(text), encoding));
      assert.ok(detection.found, JSON.stringify(detection));
      assert.equal(detection.name, name);
      assert.ok(detection.confidence >= MIN_CONFIDENCE);
    }
  });

  test('refuses guesses that are too weak or too close to a different reading, and binary data', () => {
    const thai = detectLegacyEncoding(
      iconv.encode(cues('สวัสดีครับ วันนี้อากาศดีมาก พรุ่งนี้เราจะไปทะเลกัน'), 'windows-874'),
    );
    assert.equal(thai.found, false);
    assert.match(thai.found ? '' : thai.reason, /too close to/);
    const binary = detectLegacyEncoding(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x00, 0x0d, 0xff]));
    assert.match(binary.found ? '' : binary.reason, /zero bytes/);
    const controls = detectLegacyEncoding(Buffer.from([0x01, 0x02, 0x03, 0xe9, 0x41, 0x42]));
    assert.match(controls.found ? '' : controls.reason, /control bytes/);
  });
});
