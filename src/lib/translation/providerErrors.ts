/**
 * How a translation provider failed, decided by ONE table for every provider (Azure text and document
 * translation, Apertium), so the same HTTP answer means the same thing whichever provider gave it. `fate.ts`
 * turns the kind into what happens to the item.
 */
import { appMetrics } from '../telemetry/appMetrics.js';

export type ProviderFailureKind =
  /** 429: the provider is fine, our quota is not; wait as long as it asks, without spending an attempt. */
  | 'throttled'
  /** Timeouts, 5xx, network failures, malformed answers: may pass on their own. */
  | 'unavailable'
  /** Wrong credentials or endpoint: will not pass until someone fixes the settings (then redrive). */
  | 'misconfigured'
  /** The provider does not serve this language or pair. */
  | 'unsupported_language_pair'
  /** The provider refused this content for good (too long, malformed, free quota spent). */
  | 'rejected';

export class ProviderError extends Error {
  constructor(
    readonly provider: string,
    readonly kind: ProviderFailureKind,
    message: string,
    /** The provider's own code (Translator's six digits, an HTTP status, `timeout`, `network`). */
    readonly code: string,
    /** The wait the provider asked for (Retry-After), in ms. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ProviderError';
    // Every provider's 429 becomes exactly one ProviderError, here, whether or not it is retried.
    if (kind === 'throttled') appMetrics.providerThrottled(provider);
  }
}

/** Translator's six-digit codes (HTTP status + detail) that say a language or language pair is not served. */
const UNSUPPORTED_LANGUAGE_CODES = new Set([400003, 400019, 400023, 400035, 400036, 400075]);

/** Checked in order; the first match decides. `code` is a six-digit Translator code when there is one. */
const RULES: {
  kind: ProviderFailureKind;
  matches: (status: number, code: number | undefined, explanation: string) => boolean;
}[] = [
  { kind: 'unsupported_language_pair', matches: (_, code) => UNSUPPORTED_LANGUAGE_CODES.has(code ?? 0) },
  // Apertium says so in words: {"code": 400, "explanation": "That pair is not installed"}.
  {
    kind: 'unsupported_language_pair',
    matches: (status, _, text) => status === 400 && /\bpair\b/i.test(text),
  },
  { kind: 'throttled', matches: (status) => status === 429 },
  { kind: 'unavailable', matches: (status) => status === 408 || status >= 500 },
  // The free tier's quota is spent: it comes back next month, not within the item's life.
  { kind: 'rejected', matches: (_, code) => code === 403001 },
  { kind: 'misconfigured', matches: (status) => status === 401 || status === 403 || status === 404 },
  { kind: 'rejected', matches: (status) => status >= 400 },
];

/** What an HTTP error answer means, for any provider. */
export function classifyProviderAnswer(status: number, code?: string, explanation = ''): ProviderFailureKind {
  const numeric = code !== undefined && /^\d{6}$/.test(code) ? Number(code) : undefined;
  return RULES.find((rule) => rule.matches(status, numeric, explanation))?.kind ?? 'unavailable';
}

/** Failures worth another try within the same attempt (the provider clients' own back-off). */
export const isRetryableProviderError = (error: unknown): boolean =>
  error instanceof ProviderError && (error.kind === 'throttled' || error.kind === 'unavailable');

/** A request that got no answer: the connection failed or the per-request timeout struck. Both may pass. */
export function providerUnreachable(provider: string, error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof Error && error.name === 'TimeoutError') {
    return new ProviderError(provider, 'unavailable', `${provider} did not answer in time.`, 'timeout');
  }
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  const reason = error instanceof Error ? error.message : String(error);
  return new ProviderError(
    provider,
    'unavailable',
    `${provider} could not be reached (${reason}${cause}).`,
    'network',
  );
}
