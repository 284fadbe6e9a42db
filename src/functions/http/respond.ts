import type { HttpResponseInit, InvocationContext } from '@azure/functions';
import { AppError, describeError } from '../../lib/errors.js';

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponseInit {
  return { status, jsonBody: body, headers: { 'Cache-Control': 'no-store', ...headers } };
}

const TRANSIENT_STORAGE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/** Maps any failure to `{"error":{code,message}}`: 4xx for the caller's mistakes, never a stack trace. */
export function errorResponse(error: unknown, context: InvocationContext): HttpResponseInit {
  if (error instanceof AppError) {
    const body: { code: string; message: string; details?: unknown } = {
      code: error.code,
      message: error.message,
    };
    if (error.details !== undefined) body.details = error.details;
    return json(error.status, { error: body });
  }
  const status = (error as { statusCode?: number }).statusCode;
  const networkFailure = typeof (error as { code?: unknown }).code === 'string' && status === undefined;
  if ((status !== undefined && TRANSIENT_STORAGE_STATUSES.has(status)) || networkFailure) {
    context.warn(`Storage unavailable: ${describeError(error)}`);
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
