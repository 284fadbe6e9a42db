import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { AppError, ValidationError } from '../../src/lib/errors.js';
import { parseJobRequest, type JobRequest } from '../../src/lib/jobs/jobRequest.js';

export const STRICT = { allowHttpLoopbackCallbacks: false };
export const LOOPBACK_OK = { allowHttpLoopbackCallbacks: true };

export const valid = (): Record<string, unknown> => ({
  source_container: 'src-docs',
  target_container: 'out-docs',
  target_languages: ['fr', 'pt-BR'],
});

export const languages = (count: number): string[] =>
  Array.from(
    { length: count },
    (_, i) => `l${String.fromCharCode(97 + Math.floor(i / 26))}${String.fromCharCode(97 + (i % 26))}`,
  );

/** The field each problem is about: `field` for schema issues, the text before ":" for cross-field rules. */
export function problemFields(error: ValidationError): string[] {
  assert.ok(Array.isArray(error.details), 'a rejected job request must carry details');
  return (error.details as unknown[]).map((detail) => {
    if (typeof detail === 'string') return detail.split(':')[0] ?? detail;
    assert.equal(typeof detail, 'object');
    const field = (detail as { field?: unknown }).field;
    assert.equal(typeof field, 'string');
    return field as string;
  });
}

/** Asserts the body is rejected as a 400 invalid_request and returns the error for further checks. */
export function rejected(body: unknown, options = STRICT): ValidationError {
  let caught: unknown;
  try {
    parseJobRequest(body, options);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught !== undefined, `expected ${JSON.stringify(body)} to be rejected`);
  assert.ok(caught instanceof ValidationError, `expected a ValidationError, got ${inspect(caught)}`);
  assert.ok(caught instanceof AppError);
  assert.equal(caught.status, 400);
  assert.equal(caught.code, 'invalid_request');
  return caught;
}

/** Asserts the body is rejected and that `field` is among the fields the error names. */
export function rejectedFor(body: unknown, field: string, options = STRICT): ValidationError {
  const error = rejected(body, options);
  const fields = problemFields(error);
  assert.ok(fields.includes(field), `expected a problem with ${field}, got ${JSON.stringify(error.details)}`);
  assert.match(error.message, /^Invalid job request: /);
  assert.ok(error.message.includes(field), `message should name ${field}: ${error.message}`);
  return error;
}

export const accepted = (body: unknown, options = STRICT): JobRequest => parseJobRequest(body, options);
