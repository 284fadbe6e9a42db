import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { PermanentItemError } from '../../../src/lib/errors.js';
import { textDecoderFor } from '../../../src/lib/encoding/textDecoder.js';

const TEXT = 'Ünïcödé: 日本語, ελληνικά, русский, emoji 😀.\n';

/** The bytes in chunks of `size`, so that characters are cut between chunks. */
const chunked = (bytes: Buffer, size: number): Buffer[] =>
  Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));

async function decodeAll(name: string, chunks: Buffer[]): Promise<string> {
  let text = '';
  for await (const part of textDecoderFor(name)(chunks)) text += part;
  return text;
}

const assertInvalid = (promise: Promise<unknown>, pattern: RegExp) =>
  assert.rejects(
    promise,
    (error: unknown) =>
      error instanceof PermanentItemError && error.code === 'invalid_encoding' && pattern.test(error.message),
  );

describe('textDecoderFor', () => {
  test('decodes a stream whose chunks cut characters, in every Unicode encoding', async () => {
    for (const name of ['utf-8', 'utf-16le', 'utf-16be', 'utf-32le', 'utf-32be']) {
      for (const size of [1, 3, 7, 1000]) {
        assert.equal(
          await decodeAll(name, chunked(iconv.encode(TEXT, name), size)),
          TEXT,
          `${name} / ${size}`,
        );
      }
    }
  });

  test('legacy encodings stream too', async () => {
    const greek = 'Καλημέρα, τι κάνεις;\n';
    assert.equal(await decodeAll('windows-1253', chunked(iconv.encode(greek, 'windows-1253'), 3)), greek);
    const japanese = 'こんにちは、元気ですか？\n';
    assert.equal(await decodeAll('shift_jis', chunked(iconv.encode(japanese, 'shift_jis'), 3)), japanese);
  });

  test('a UTF-8 byte order mark stays in the text; a UTF-16 or UTF-32 one does not', async () => {
    assert.equal(await decodeAll('utf-8', [Buffer.from('\uFEFFHi')]), '\uFEFFHi');
    assert.equal(await decodeAll('utf-16le', [iconv.encode('Hi', 'utf-16le', { addBOM: true })]), 'Hi');
    assert.equal(await decodeAll('utf-32be', [iconv.encode('Hi', 'utf-32be', { addBOM: true })]), 'Hi');
  });

  test('bytes the encoding does not define are refused, never written as U+FFFD', async () => {
    await assertInvalid(
      decodeAll('utf-8', [Buffer.from('ok '), Buffer.from([0xc3, 0x28])]),
      /not valid UTF-8 .* byte 3\./,
    );
    await assertInvalid(decodeAll('utf-8', [Buffer.from([0x68, 0x69, 0xe2, 0x82])]), /not valid UTF-8/);
    await assertInvalid(decodeAll('utf-16le', [Buffer.from([0x00, 0xd8, 0x41, 0x00])]), /not valid utf-16le/);
    await assertInvalid(decodeAll('windows-1253', [Buffer.from([0x41, 0xaa])]), /not valid windows-1253/);
    await assertInvalid(decodeAll('shift_jis', [Buffer.from([0x82, 0x20])]), /not valid shift_jis/);
  });
});
