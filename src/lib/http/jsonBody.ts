import { byteOrderMark } from '../encoding/byteOrderMark.js';
import { utf8Evidence } from '../encoding/utf8Evidence.js';
import { PayloadTooLargeError, ValidationError } from '../errors.js';

/** The API's documented request-body limit, 64 KiB: the handlers and the local runtime's server both enforce it. */
export const MAX_REQUEST_BYTES = 64 * 1024;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Why the bytes are not UTF-8: another Unicode encoding's byte order mark, or where UTF-8 breaks. */
function notUtf8Because(bytes: Uint8Array): string {
  const mark = byteOrderMark(bytes);
  if (mark && mark.encoding !== 'utf-8') {
    const markBytes = [...bytes.subarray(0, mark.length)].map((b) =>
      b.toString(16).toUpperCase().padStart(2, '0'),
    );
    return `it is ${mark.encoding.toUpperCase()}, by its byte order mark ${markBytes.join(' ')}`;
  }
  const evidence = utf8Evidence(bytes);
  return evidence.firstInvalid === undefined
    ? 'it ends inside a character'
    : `an invalid byte sequence at byte ${evidence.firstInvalid}`;
}

/**
 * A request body's bytes as JSON: the size limit first, then UTF-8, decoded strictly (JSON exchanged between
 * systems is UTF-8, RFC 8259), so bytes that are not UTF-8 are refused instead of read as U+FFFD into a
 * prefix or a glossary term; then the JSON syntax.
 */
export function parseJsonBody(bytes: Uint8Array): unknown {
  if (bytes.byteLength > MAX_REQUEST_BYTES) throw new PayloadTooLargeError(MAX_REQUEST_BYTES);
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    throw new ValidationError(
      `The request body is not valid UTF-8 (${notUtf8Because(bytes)}); send JSON encoded as UTF-8.`,
      undefined,
      'invalid_encoding',
    );
  }
  if (text.trim() === '')
    throw new ValidationError('The request body is empty; send a JSON object.', undefined, 'invalid_json');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ValidationError(
      `The request body is not valid JSON: ${(error as Error).message}`,
      undefined,
      'invalid_json',
    );
  }
}
