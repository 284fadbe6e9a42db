import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { PermanentItemError } from '../../../src/lib/errors.js';
import { resolveEncoding, type EncodingOptions } from '../../../src/lib/encoding/resolveEncoding.js';

const SUBTITLE = (text: string) =>
  Array.from({ length: 6 }, (_, i) => `${i + 1}\n00:00:0${i},000 --> 00:00:0${i},900\n${text}\n`).join('\n');
const FRENCH = SUBTITLE('Ça va très bien, merci. Où êtes-vous allé hier soir ? À la fête chez Hélène.');
const RUSSIAN = SUBTITLE('Привет, как дела? Я очень рад тебя видеть. Завтра мы поедем на дачу.');
const JAPANESE = SUBTITLE('こんにちは、元気ですか？今日はいい天気ですね。明日は海に行きましょう。');

const whole: EncodingOptions = { complete: true };
const resolved = (bytes: Uint8Array, options: EncodingOptions = whole) => {
  const { name, via } = resolveEncoding(bytes, options);
  return `${name} by ${via}`;
};

const assertRefused = (bytes: Uint8Array, reason: RegExp, options: EncodingOptions = whole) =>
  assert.throws(
    () => resolveEncoding(bytes, options),
    (error: unknown) =>
      error instanceof PermanentItemError && error.code === 'invalid_encoding' && reason.test(error.message),
  );

describe('resolveEncoding', () => {
  test('valid UTF-8 stays UTF-8, whatever a detector would say of it', () => {
    assert.equal(resolved(Buffer.from(FRENCH)), 'utf-8 by utf-8 bytes');
    assert.equal(resolved(Buffer.from('plain ASCII\n')), 'utf-8 by utf-8 bytes');
    assert.equal(resolved(Buffer.from('')), 'utf-8 by utf-8 bytes');
    assert.equal(resolved(Buffer.from('Zero\u0000byte in UTF-8 text\n')), 'utf-8 by utf-8 bytes');
    // A prefix may end inside a character; the whole file may not.
    const cut = Buffer.from('café').subarray(0, 4);
    assert.equal(resolved(cut, { complete: false }), 'utf-8 by utf-8 bytes');
  });

  test('byte order marks win, over declarations too', () => {
    assert.equal(resolved(Buffer.from(`\uFEFF${FRENCH}`)), 'utf-8 by byte order mark');
    assert.equal(resolved(iconv.encode(FRENCH, 'utf-16le', { addBOM: true })), 'utf-16le by byte order mark');
    assert.equal(resolved(iconv.encode(FRENCH, 'utf-16be', { addBOM: true })), 'utf-16be by byte order mark');
    assert.equal(resolved(iconv.encode(FRENCH, 'utf-32le', { addBOM: true })), 'utf-32le by byte order mark');
    assert.equal(resolved(iconv.encode(FRENCH, 'utf-32be', { addBOM: true })), 'utf-32be by byte order mark');
    const html = Buffer.from('\uFEFF<meta charset="windows-1252"><p>été</p>');
    const result = resolveEncoding(html, { complete: true, declarations: 'html' });
    assert.deepEqual(
      [result.name, result.via, result.rewritesDeclaration],
      ['utf-8', 'byte order mark', true],
    );
  });

  test('UTF-16 and UTF-32 without a byte order mark are told by their zero bytes', () => {
    for (const text of [FRENCH, RUSSIAN, JAPANESE]) {
      assert.equal(resolved(iconv.encode(text, 'utf-16le')), 'utf-16le by zero bytes');
      assert.equal(resolved(iconv.encode(text, 'utf-16be')), 'utf-16be by zero bytes');
      assert.equal(resolved(iconv.encode(text, 'utf-32le')), 'utf-32le by zero bytes');
      assert.equal(resolved(iconv.encode(text, 'utf-32be')), 'utf-32be by zero bytes');
    }
    const xml = iconv.encode('<?xml version="1.0" encoding="UTF-16"?><xliff/>', 'utf-16le');
    assert.equal(resolved(xml, { complete: true, declarations: 'xml' }), 'utf-16le by zero bytes');
  });

  test('declarations win over detection: HTML meta, XML declaration, PO header', () => {
    const html = Buffer.concat([
      Buffer.from('<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'),
      iconv.encode('<title>Déjà vu</title>', 'latin1'),
    ]);
    assert.equal(resolved(html, { complete: true, declarations: 'html' }), 'windows-1252 by declaration');
    // Declared, so read as declared even where the bytes would also be valid UTF-8.
    const utf8Bytes = Buffer.from('<meta charset="windows-1251"><p>Привет</p>');
    assert.equal(
      resolved(utf8Bytes, { complete: true, declarations: 'html' }),
      'windows-1251 by declaration',
    );
    const xliff = iconv.encode(
      '<?xml version="1.0" encoding="ISO-8859-7"?><source>Καλημέρα</source>',
      'iso-8859-7',
    );
    assert.equal(
      resolved(xliff, { complete: true, declarations: 'xml' }),
      'windows-1254 by declaration'.replace('windows-1254', 'iso-8859-7'),
    );
    const po = iconv.encode(
      'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=KOI8-R\\n"\n\nmsgid "Hi"\nmsgstr "Привет"\n',
      'koi8-r',
    );
    assert.equal(resolved(po, { complete: true, declarations: 'po' }), 'koi8-r by declaration');
  });

  test('declarations that say nothing usable are passed over', () => {
    const template = Buffer.from('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=CHARSET\\n"\n');
    assert.equal(resolved(template, { complete: true, declarations: 'po' }), 'utf-8 by utf-8 bytes');
    const ascii = Buffer.from('<meta charset="us-ascii"><p>naïve</p>');
    assert.equal(resolved(ascii, { complete: true, declarations: 'html' }), 'utf-8 by utf-8 bytes');
    const unknown = Buffer.from('<?xml version="1.0" encoding="x-no-such"?><a>é</a>');
    assert.equal(resolved(unknown, { complete: true, declarations: 'xml' }), 'utf-8 by utf-8 bytes');
  });

  test('legacy encodings are detected when the detector is confident enough', () => {
    assert.equal(resolved(iconv.encode(FRENCH, 'windows-1252')), 'windows-1252 by detection');
    assert.equal(resolved(iconv.encode(RUSSIAN, 'windows-1251')), 'windows-1251 by detection');
    assert.equal(resolved(iconv.encode(RUSSIAN, 'koi8-r')), 'koi8-r by detection');
    assert.equal(resolved(iconv.encode(JAPANESE, 'shift_jis')), 'shift_jis by detection');
    const detected = resolveEncoding(iconv.encode(FRENCH, 'windows-1252'), whole);
    assert.ok((detected.confidence ?? 0) >= 20);
  });

  test('what cannot be read with confidence is refused, naming what was found', () => {
    assertRefused(Buffer.from([0x63, 0x61, 0x66, 0xe9]), /ends inside a UTF-8 character/);
    assertRefused(Buffer.from([0x68, 0x69, 0xe2, 0x82]), /ends inside a UTF-8 character/);
    assertRefused(
      Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]),
      /not UTF-8, declares no encoding, and no legacy encoding fits/,
    );
    const before = 'Grüße aus Köln, schöne Grüße! ';
    const damaged = Buffer.concat([Buffer.from(before), Buffer.from([0xff]), Buffer.from(' Tschüß')]);
    assertRefused(
      damaged,
      new RegExp(`UTF-8 with 1 invalid byte sequence\\(s\\), the first at byte ${Buffer.byteLength(before)}`),
    );
    assertRefused(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0xff, 0x00]),
      /zero bytes/,
    );
    assertRefused(
      iconv.encode('Добрий день! Як справи? Їжак і ґудзик.', 'windows-1251'),
      /scores \d+\/100.*under the 20/,
    );
  });
});
