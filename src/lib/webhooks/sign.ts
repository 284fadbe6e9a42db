import { createHmac } from 'node:crypto';

/** Headers of every webhook delivery (documented in the README). */
export const WEBHOOK_HEADERS = {
  signature: 'X-BatchTranslator-Signature',
  delivery: 'X-BatchTranslator-Delivery',
  event: 'X-BatchTranslator-Event',
} as const;

/** `sha256=<hex HMAC-SHA256 of the exact body bytes>`. */
export function signBody(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
