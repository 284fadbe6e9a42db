import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { ResolvedAddress } from './callbackTarget.js';

export const WEBHOOK_TIMEOUT_MS = 10_000;

export class WebhookHttpError extends Error {
  constructor(readonly status: number) {
    super(`receiver answered HTTP ${status}`);
  }
}

/** A lookup that answers with the already checked addresses only: the connection cannot go anywhere else. */
function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const first = addresses[0];
    if (!first) {
      callback(new Error('no permitted address'), '', 4);
      return;
    }
    if (options.all) {
      (callback as unknown as (e: null, a: ResolvedAddress[]) => void)(null, addresses);
    } else {
      callback(null, first.address, first.family);
    }
  };
}

/** POSTs `body` to `url` over a connection pinned to `addresses`; resolves on 2xx, rejects otherwise. */
export function postWebhook(
  url: URL,
  addresses: ResolvedAddress[],
  body: string,
  headers: Record<string, string>,
  timeoutMs = WEBHOOK_TIMEOUT_MS,
): Promise<number> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const options: RequestOptions = {
    method: 'POST',
    headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
    lookup: pinnedLookup(addresses),
    timeout: timeoutMs,
    agent: false,
  };
  return new Promise((resolve, reject) => {
    const req = send(url, options, (res) => {
      res.resume();
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve(status);
        else reject(new WebhookHttpError(status));
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
