import type { HttpResponseInit, InvocationContext } from '@azure/functions';
import { AppError, ConfigError, ServiceUnavailableError } from '../../lib/errors.js';
import { ensureError, isServiceUnavailable } from '../../lib/fate.js';

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponseInit {
  return { status, jsonBody: body, headers: { 'Cache-Control': 'no-store', ...headers } };
}

/**
 * Maps any failure to `{"error":{code,message}}`: the API's own refusals with their status, storage that is
 * unreachable right now as 503 with Retry-After, invalid settings as 503 listing them, and anything else as
 * 500, logged with its stack and never shown to the caller.
 */
export function errorResponse(thrown: unknown, context: InvocationContext): HttpResponseInit {
  const error = ensureError(thrown);
  if (error instanceof AppError) {
    const body: { code: string; message: string; details?: unknown } = {
      code: error.code,
      message: error.message,
    };
    if (error.details !== undefined) body.details = error.details;
    const headers: Record<string, string> =
      error instanceof ServiceUnavailableError ? { 'Retry-After': String(error.retryAfterSeconds) } : {};
    return json(error.status, { error: body }, headers);
  }
  if (error instanceof ConfigError) {
    context.error(error.message);
    return json(503, {
      error: {
        code: 'configuration_invalid',
        message: 'The app settings are invalid; an operator must fix them.',
        details: error.problems,
      },
    });
  }
  if (isServiceUnavailable(error)) {
    context.warn(`Storage unavailable: ${error.message}`);
    return json(
      503,
      { error: { code: 'service_unavailable', message: 'Storage is unavailable; retry shortly.' } },
      { 'Retry-After': '5' },
    );
  }
  context.error('Unhandled error', error);
  return json(500, {
    error: { code: 'internal_error', message: 'An unexpected error occurred; it has been logged.' },
  });
}

/** Runs a handler body and converts whatever it throws. */
export async function guarded(
  context: InvocationContext,
  run: () => Promise<HttpResponseInit>,
): Promise<HttpResponseInit> {
  try {
    return await run();
  } catch (error) {
    return errorResponse(error, context);
  }
}
