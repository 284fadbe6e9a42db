import { PermanentItemError } from '../../errors.js';
import { parseRetryAfter } from './retryPolicy.js';

/**
 * A failure that may pass: thrown to the host as a plain Error (so the message is retried later) once the
 * in-process retries are spent, or at once when retrying now cannot help (`retryable` false: wrong
 * credentials stay wrong until someone fixes the configuration).
 */
export class TranslatorTransientError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'TranslatorTransientError';
  }
}

export const isRetryable = (error: unknown): boolean =>
  error instanceof TranslatorTransientError && error.retryable;

type Fate = 'retry' | 'credentials' | 'endpoint' | 'unsupported_language_pair' | 'translator_rejected';

/** Translator's six-digit codes (HTTP status + detail) that say a language or language pair is not served. */
const UNSUPPORTED_LANGUAGE_CODES = new Set([400003, 400019, 400023, 400035, 400036, 400075]);

/** Checked in order; the first match decides. `code` is the numeric Translator code when there is one. */
const RULES: { fate: Fate; matches: (status: number, code: number | undefined) => boolean }[] = [
  { fate: 'unsupported_language_pair', matches: (_, code) => UNSUPPORTED_LANGUAGE_CODES.has(code ?? 0) },
  { fate: 'retry', matches: (status) => status === 408 || status === 429 || status >= 500 },
  // The free tier's quota is spent: retrying within the message's life will not bring it back.
  { fate: 'translator_rejected', matches: (_, code) => code === 403001 },
  { fate: 'credentials', matches: (status) => status === 401 || status === 403 },
  { fate: 'endpoint', matches: (status) => status === 404 },
  { fate: 'translator_rejected', matches: (status) => status >= 400 },
];

interface ErrorBody {
  error?: { code?: unknown; message?: unknown };
}

function readErrorBody(text: string): { code?: string; message?: string } {
  try {
    const { error } = JSON.parse(text) as ErrorBody;
    return {
      ...(typeof error?.code === 'number' || typeof error?.code === 'string'
        ? { code: String(error.code) }
        : {}),
      ...(typeof error?.message === 'string' ? { message: error.message } : {}),
    };
  } catch {
    return text.trim() ? { message: text.trim().slice(0, 200) } : {};
  }
}

/** The error to throw for a non-2xx response, with its fate decided by status and Translator code. */
export async function errorFromResponse(response: Response, service = 'Azure Translator'): Promise<Error> {
  const body = readErrorBody(await response.text().catch(() => ''));
  const status = response.status;
  const code = body.code ?? String(status);
  const numeric = /^\d{6}$/.test(code) ? Number(code) : undefined;
  const detail = `${service} answered HTTP ${status}, code ${code}: ${body.message ?? response.statusText}`;
  const fate = RULES.find((rule) => rule.matches(status, numeric))?.fate ?? 'retry';
  switch (fate) {
    case 'unsupported_language_pair':
      return new PermanentItemError(
        'unsupported_language_pair',
        `${service} cannot translate between these languages (${detail}).`,
      );
    case 'translator_rejected':
      return new PermanentItemError('translator_rejected', `${service} rejected the request (${detail}).`);
    case 'credentials':
      return new TranslatorTransientError(
        `${service} refused the credentials (${detail}). The key, region or identity (which needs the Cognitive Services User role) is wrong; fix the configuration and redrive the failed items.`,
        code,
        false,
      );
    case 'endpoint':
      return new TranslatorTransientError(
        `${service} has no such endpoint (${detail}). Check the configured endpoint URL, then redrive the failed items.`,
        code,
        false,
      );
    case 'retry':
      return new TranslatorTransientError(detail, code, true, parseRetryAfter(response.headers));
  }
}

/** A request that got no response: the connection failed or the per-request timeout struck. Both may pass. */
export function errorFromNetwork(error: unknown, service = 'Azure Translator'): TranslatorTransientError {
  if (error instanceof TranslatorTransientError) return error;
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError') {
    return new TranslatorTransientError(`${service} did not answer in time.`, 'timeout', true);
  }
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  const reason = error instanceof Error ? error.message : String(error);
  return new TranslatorTransientError(
    `${service} could not be reached (${reason}${cause}).`,
    'network',
    true,
  );
}
