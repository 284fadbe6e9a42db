/**
 * Queue message encoding. The Functions host decodes base64 by default (host.json
 * `extensions.queues.messageEncoding`) while `@azure/storage-queue` sends text as given, so every producer
 * in this app encodes here and the local runtime decodes here. A test pins this to host.json.
 */
export const MESSAGE_ENCODING = 'base64' as const;

export function encodeMessage(body: unknown): string {
  return Buffer.from(JSON.stringify(body), 'utf8').toString(MESSAGE_ENCODING);
}

/** Mirrors the host: decode, then hand the handler parsed JSON when the text is JSON, else the string. */
export function decodeMessage(text: string, encoding: 'base64' | 'none' = MESSAGE_ENCODING): unknown {
  let decoded = text;
  if (encoding === 'base64') {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw new Error('Message decoding has failed: not base64');
    decoded = Buffer.from(text, 'base64').toString('utf8');
  }
  try {
    return JSON.parse(decoded) as unknown;
  } catch {
    return decoded;
  }
}
