import { HTTPError, TimeoutError, type RetryOptions } from 'ky';

/** How the CLI retries a request it may safely repeat. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** The first back-off; each next one doubles, up to `maxDelayMs`, and is drawn between half and all of it. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A longer `Retry-After` is cut to this. */
  maxRetryAfterMs: number;
}

/** Six attempts over 8-16 s: enough to ride out a restarting local server or a brief outage. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 5,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 30_000,
};

/** Answers from a proxy, a restarting host or storage that is briefly down; 500 is a bug, not retried. */
const RETRIED_STATUSES = [408, 429, 502, 503, 504];

/** 503s that no retry can fix: the API says so in its error code. */
const PERMANENT_UNAVAILABLE_CODES = new Set(['durable_mode_unavailable']);

/**
 * Failures of the connection, not of the request: reset or refused (a server restarting), closed under a
 * reused keep-alive socket, timed out, DNS briefly failing. ENOTFOUND and TLS errors are left out: they do
 * not heal by waiting.
 */
const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The error codes along a failure's cause chain; fetch reports them as `TypeError('fetch failed')` causes. */
function codesOf(error: unknown, seen = new Set<unknown>()): string[] {
  if (typeof error !== 'object' || error === null || seen.has(error)) return [];
  seen.add(error);
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  return [
    ...(typeof code === 'string' ? [code] : []),
    ...codesOf(cause, seen),
    ...(Array.isArray(errors) ? errors.flatMap((e) => codesOf(e, seen)) : []),
  ];
}

export function isTransientNetworkError(error: unknown): boolean {
  return codesOf(error).some((code) => TRANSIENT_NETWORK_CODES.has(code));
}

/** What went wrong, short: the first error code, else the innermost message. */
export function failureReason(error: unknown): string {
  if (error instanceof HTTPError) return `HTTP ${error.response.status}`;
  const [code] = codesOf(error);
  if (code) return code;
  let innermost = error;
  while (innermost instanceof Error && innermost.cause instanceof Error) innermost = innermost.cause;
  return innermost instanceof Error ? innermost.message : String(error);
}

async function isPermanentUnavailable(response: Response): Promise<boolean> {
  if (response.status !== 503) return false;
  try {
    const body = (await response.clone().json()) as { error?: { code?: unknown } };
    return PERMANENT_UNAVAILABLE_CODES.has(String(body.error?.code));
  } catch {
    return false;
  }
}

/**
 * ky's retry options for one request: `retried` says whether the request may be repeated at all (the
 * caller knows: reads, and writes the API makes idempotent). Retry-After is honoured on every retried status.
 */
export function retryOptions(policy: RetryPolicy, method: string, retried: boolean): RetryOptions {
  return {
    limit: retried ? policy.retries : 0,
    methods: [method.toLowerCase()],
    statusCodes: RETRIED_STATUSES,
    afterStatusCodes: RETRIED_STATUSES,
    maxRetryAfter: policy.maxRetryAfterMs,
    backoffLimit: policy.maxDelayMs,
    delay: (attempt) => policy.baseDelayMs * 2 ** (attempt - 1),
    // Half fixed, half random: spreads clients that failed together without ever retrying at once.
    jitter: (delay) => delay / 2 + Math.random() * (delay / 2),
    retryOnTimeout: true,
    shouldRetry: async ({ error }) => {
      if (error instanceof HTTPError)
        return (await isPermanentUnavailable(error.response)) ? false : undefined;
      if (error instanceof TimeoutError) return undefined;
      return isTransientNetworkError(error);
    },
  };
}
