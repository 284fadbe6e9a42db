/**
 * The errors the app throws on purpose. What each means for a queue message or an HTTP answer is decided in
 * one place, `fate.ts`:
 *
 * - `AppError` subclasses carry an HTTP status and a stable `code` for API callers.
 * - `PermanentItemError`: a file retrying cannot fix; recorded failed at once with its code.
 * - `RetryLaterError`: nothing is wrong with the item, but now is not the moment (a provider's quota);
 *   the item waits `delaySeconds` without spending one of its attempts.
 * - `InvariantError`: the code broke one of its own rules, a bug; recorded failed, logged, never retried.
 * - Anything else is transient: the host retries it.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details?: unknown, code = 'invalid_request') {
    super(400, code, message, details);
  }
}

export class NotFoundError extends AppError {
  constructor(code: string, message: string) {
    super(404, code, message);
  }
}

export class ConflictError extends AppError {
  constructor(code: string, message: string) {
    super(409, code, message);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number) {
    const kib = limitBytes % 1024 === 0 ? ` (${limitBytes / 1024} KiB)` : '';
    super(
      413,
      'payload_too_large',
      `The request body is over the limit of ${limitBytes.toLocaleString('en-US')} bytes${kib}.`,
    );
  }
}

/** Storage or a dependency is unreachable right now; callers may retry after `retryAfterSeconds`. */
export class ServiceUnavailableError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds = 5,
  ) {
    super(503, 'service_unavailable', message);
  }
}

/** The job asked for durable mode, but this process has no Durable Functions client (the local runtime). */
export class DurableModeUnavailableError extends AppError {
  constructor() {
    super(
      503,
      'durable_mode_unavailable',
      'Durable mode needs the Azure Functions host (`npm start` or a deployment); this server runs queue mode only. Submit with "mode": "queue" or use the host.',
    );
  }
}

export type PermanentItemErrorCode =
  | 'source_not_found'
  | 'unsupported_format'
  | 'file_too_large'
  | 'invalid_encoding'
  | 'target_write_rejected'
  /** `<language>/<source path>` is longer than the 1,024 characters a blob name may have. */
  | 'target_name_too_long'
  | 'retries_exhausted'
  /** The file does not parse as its extension says (broken JSON, XML, PO). */
  | 'invalid_document'
  /** A translation lost, repeated or invented a protected token. */
  | 'placeholder_mismatch'
  /** The provider cannot translate between these languages (apertium pairs, azure 400036). */
  | 'unsupported_language_pair'
  /** The provider refused the content for good (azure 400xxx other than the above, 403001 quota used up). */
  | 'translator_rejected'
  /** A bug stopped this file (see InvariantError); it is logged with its stack. */
  | 'internal_error'
  /** Parsing the file outran PARSE_TIME_LIMIT_SECONDS or PARSE_MEMORY_LIMIT_MB (pathological nesting, say). */
  | 'document_too_complex'
  /** The job's max_characters could not cover what this file would be charged. */
  | 'budget_exceeded'
  /** The job's translation-memory (TMX) index is gone from the memory container. */
  | 'translation_memory_unavailable';

/** A failure that retrying cannot fix: record it on the item and end the message. */
export class PermanentItemError extends Error {
  constructor(
    readonly code: PermanentItemErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PermanentItemError';
  }
}

/** Not a failure of the item: try again after `delaySeconds`, without counting an attempt. */
export class RetryLaterError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly delaySeconds: number,
  ) {
    super(message);
    this.name = 'RetryLaterError';
  }
}

/** The code broke a rule of its own (a bug): retrying the same input would break it again. */
export class InvariantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvariantError';
  }
}

/** Settings are missing or malformed; carries every problem found, not just the first. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

interface RestLikeError {
  statusCode?: number;
  code?: string;
}

function asRestError(error: unknown): RestLikeError | undefined {
  if (typeof error === 'object' && error !== null) return error;
  return undefined;
}

export function storageStatus(error: unknown): number | undefined {
  return asRestError(error)?.statusCode;
}

export function storageCode(error: unknown): string | undefined {
  return asRestError(error)?.code;
}

export function isNotFound(error: unknown): boolean {
  return storageStatus(error) === 404;
}

export function isConflict(error: unknown): boolean {
  return storageStatus(error) === 409;
}

export function isPreconditionFailed(error: unknown): boolean {
  return storageStatus(error) === 412;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.name;
  return String(error);
}
