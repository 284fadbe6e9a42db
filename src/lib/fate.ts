/**
 * The one place that decides what a failure means for the work that met it. Queue handlers, durable
 * activities and webhook delivery all ask `fateOf`; HTTP answers ask `isServiceUnavailable` (respond.ts).
 *
 * - permanent: retrying cannot help; the item is recorded failed at once with the code.
 * - retry_later: nothing is wrong with the item, but now is not the moment (a provider's quota): it is
 *   re-enqueued with a delay and does not spend one of its attempts; the total delay is bounded.
 * - invariant: a bug (an internal rule broken, a RangeError): recorded failed as `internal_error`, logged
 *   with its stack, never retried, since the same input would break the same rule again.
 * - transient: anything else, storage and network hiccups above all; thrown so the host retries it.
 */
import { AppError, InvariantError, PermanentItemError, RetryLaterError, describeError } from './errors.js';
import { ProviderError } from './translation/providerErrors.js';

export type Fate =
  | { kind: 'permanent'; code: string; message: string }
  | { kind: 'retry_later'; code: string; message: string; delaySeconds: number }
  | { kind: 'invariant'; code: 'internal_error'; message: string; error: Error }
  | { kind: 'transient'; error: Error };

/** A provider that throttles without saying for how long is given this long before the next try. */
export const DEFAULT_RETRY_LATER_SECONDS = 60;

/** Anything thrown, as an Error: strings, plain objects and `undefined` are thrown too, by libraries. */
export function ensureError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  const text = typeof thrown === 'string' ? thrown : describeError(thrown);
  return new Error(`Non-error thrown: ${text}`, { cause: thrown });
}

/** Node's and undici's codes for a connection that failed, which say nothing about the request itself. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
  'REQUEST_SEND_ERROR',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

const codeOf = (error: unknown): unknown =>
  typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;

/** A connection failure, possibly wrapped (fetch throws `TypeError: fetch failed` with the cause). */
export function isNetworkFailure(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const code = codeOf(current);
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
    if (current instanceof Error && (current.name === 'TimeoutError' || current.name === 'AbortError'))
      return true;
    current = current instanceof Error ? current.cause : undefined;
  }
  return false;
}

/** The storage SDKs' RestError: a status the service answered, or a request that never got one. */
function isStorageError(error: Error): error is Error & { statusCode?: number } {
  return error.name === 'RestError';
}

const TRANSIENT_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/** Storage (or its network) failed in a way that may pass: HTTP callers get 503 with Retry-After. */
export function isServiceUnavailable(error: Error): boolean {
  if (isStorageError(error)) {
    return error.statusCode === undefined || TRANSIENT_STATUSES.has(error.statusCode);
  }
  return isNetworkFailure(error);
}

/** Programming errors: the language's own (a TypeError from fetch is a network failure, checked first). */
const isBug = (error: Error): boolean =>
  error instanceof InvariantError ||
  error instanceof RangeError ||
  error instanceof ReferenceError ||
  error instanceof TypeError;

function providerFate(error: ProviderError): Fate {
  switch (error.kind) {
    case 'unsupported_language_pair':
      return { kind: 'permanent', code: 'unsupported_language_pair', message: error.message };
    case 'rejected':
      return { kind: 'permanent', code: 'translator_rejected', message: error.message };
    case 'throttled':
      return {
        kind: 'retry_later',
        code: 'provider_throttled',
        message: error.message,
        delaySeconds:
          error.retryAfterMs === undefined
            ? DEFAULT_RETRY_LATER_SECONDS
            : Math.max(1, Math.ceil(error.retryAfterMs / 1000)),
      };
    case 'unavailable':
    case 'misconfigured':
      return { kind: 'transient', error };
  }
}

export function fateOf(thrown: unknown): Fate {
  const error = ensureError(thrown);
  if (error instanceof PermanentItemError)
    return { kind: 'permanent', code: error.code, message: error.message };
  if (error instanceof RetryLaterError) {
    return {
      kind: 'retry_later',
      code: error.code,
      message: error.message,
      delaySeconds: error.delaySeconds,
    };
  }
  if (error instanceof ProviderError) return providerFate(error);
  // The API's own refusals (a forbidden callback address, say) are the caller's mistakes: final.
  if (error instanceof AppError && error.status < 500) {
    return { kind: 'permanent', code: error.code, message: error.message };
  }
  if (isStorageError(error) || isNetworkFailure(error)) return { kind: 'transient', error };
  if (isBug(error)) {
    return {
      kind: 'invariant',
      code: 'internal_error',
      message: `An internal error stopped this file (${error.name}: ${describeError(error)}); it has been logged.`,
      error,
    };
  }
  return { kind: 'transient', error };
}
