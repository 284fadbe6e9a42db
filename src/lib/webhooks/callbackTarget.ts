/**
 * Where a callback URL really points: its host resolved, every address checked against the address policy.
 * Run at submission (a refused URL is a 400) and again at delivery, whose connection is pinned to the
 * addresses checked here so a DNS answer that changes in between (rebinding) cannot redirect it.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { AppConfig } from '../config.js';
import { ServiceUnavailableError, ValidationError } from '../errors.js';
import { classifyAddress, forbiddenReason } from './addressPolicy.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export type Resolver = (host: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (host) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

export class ForbiddenCallbackError extends ValidationError {
  constructor(message: string) {
    super(message, [{ field: 'callback_url', message }], 'forbidden_callback_url');
  }
}

/** Answers that say the name does not exist, rather than that DNS could not answer right now. */
const NAME_DOES_NOT_EXIST = new Set(['ENOTFOUND', 'ENODATA', 'EAI_NONAME', 'EAI_NODATA']);

/** Resolves `host`; a name that does not exist is forbidden for good, a DNS failure may pass (503/retry). */
async function resolveHost(host: string, resolve: Resolver): Promise<ResolvedAddress[]> {
  let addresses: ResolvedAddress[];
  try {
    addresses = await resolve(host);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && NAME_DOES_NOT_EXIST.has(code)) addresses = [];
    else {
      throw new ServiceUnavailableError(
        `callback_url host "${host}" could not be resolved right now (${String(code ?? error)}); retry shortly.`,
      );
    }
  }
  if (addresses.length === 0) {
    throw new ForbiddenCallbackError(`callback_url host "${host}" does not resolve to any address.`);
  }
  return addresses;
}

/** The addresses a callback may connect to; throws ForbiddenCallbackError when it may not be called at all. */
export async function resolveCallbackTarget(
  rawUrl: string,
  options: { allowHttpLoopback: boolean; resolve?: Resolver },
): Promise<{ url: URL; addresses: ResolvedAddress[] }> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new ForbiddenCallbackError('callback_url is not a valid URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ForbiddenCallbackError('callback_url must use https.');
  }
  if (url.username || url.password) {
    throw new ForbiddenCallbackError('callback_url must not contain credentials.');
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: ResolvedAddress[];
  const literal = isIP(host);
  if (literal) {
    addresses = [{ address: host, family: literal === 6 ? 6 : 4 }];
  } else {
    addresses = await resolveHost(host, options.resolve ?? systemResolver);
  }
  const allowLoopback = options.allowHttpLoopback;
  for (const { address } of addresses) {
    const reason = forbiddenReason(address, { allowLoopback });
    if (reason) {
      throw new ForbiddenCallbackError(
        `callback_url host "${host}" resolves to ${reason}; only public addresses may receive webhooks.`,
      );
    }
  }
  // Plain http only to loopback, and only when the development setting allows it.
  if (url.protocol === 'http:') {
    const allLoopback = addresses.every((a) => classifyAddress(a.address) === 'loopback');
    if (!allowLoopback || !allLoopback) {
      throw new ForbiddenCallbackError('callback_url must use https.');
    }
  }
  return { url, addresses };
}

/** The submission check: a callback needs a signing secret and a permitted target. */
export async function checkCallbackUrl(
  rawUrl: string | undefined,
  config: Pick<AppConfig, 'allowHttpLoopbackCallbacks' | 'webhooks'>,
  resolve?: Resolver,
): Promise<void> {
  if (rawUrl === undefined) return;
  if (!config.webhooks.signingSecret) {
    throw new ValidationError(
      'callback_url needs webhooks to be configured: set WEBHOOK_SIGNING_SECRET in the app settings.',
      [{ field: 'callback_url', message: 'webhooks are not configured on this app' }],
      'webhooks_not_configured',
    );
  }
  await resolveCallbackTarget(rawUrl, {
    allowHttpLoopback: config.allowHttpLoopbackCallbacks,
    ...(resolve ? { resolve } : {}),
  });
}
