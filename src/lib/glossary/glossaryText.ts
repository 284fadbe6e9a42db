import { PermanentItemError, ValidationError } from '../errors.js';
import { resolveEncoding } from '../encoding/resolveEncoding.js';
import { textDecoderFor } from '../encoding/textDecoder.js';

/**
 * A glossary file's text, read by the rules the worker reads documents by (see README "Encodings"): a byte
 * order mark wins, so a UTF-16 file (Excel's "Unicode Text" export) reads as well as a UTF-8 one; bytes that
 * cannot be told are refused as `invalid_glossary`, saying what was found, rather than read with U+FFFD.
 */
export async function glossaryText(bytes: Buffer, path: string): Promise<string> {
  try {
    const { name } = resolveEncoding(bytes, { complete: true });
    let text = '';
    for await (const piece of textDecoderFor(name)([bytes])) text += piece;
    return text;
  } catch (error) {
    if (!(error instanceof PermanentItemError) || error.code !== 'invalid_encoding') throw error;
    throw new ValidationError(
      `glossary_blob "${path}" cannot be read as text: ${error.message}`,
      [{ field: 'glossary_blob', message: error.message }],
      'invalid_glossary',
    );
  }
}
