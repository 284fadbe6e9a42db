import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RestError } from '@azure/core-rest-pipeline';
import { guarded } from '../../../src/functions/http/respond.js';
import { HttpResponse, InvocationContext } from '../../../src/functions/sdk.js';
import { ConfigError, ServiceUnavailableError, ValidationError } from '../../../src/lib/errors.js';

/** Runs a handler body that throws `thrown` through the one HTTP error mapping; what the caller gets. */
async function answerTo(
  thrown: unknown,
): Promise<{ status: number; retryAfter: string | null; body: unknown }> {
  const logged: string[] = [];
  const context = new InvocationContext({
    functionName: 'respondTest',
    logHandler: (level, ...args) => logged.push(`${level}: ${args.map(String).join(' ')}`),
  });
  const response = new HttpResponse(
    await guarded(context, () => {
      // Whatever a handler throws, errors or not, as the host would see it.
      throw thrown;
    }),
  );
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: JSON.parse(await response.text()) as unknown,
  };
}

void describe('HTTP error mapping (respond.ts)', () => {
  void test('an invalid URL thrown in a handler is a 500, not a storage outage', async () => {
    let thrown: unknown;
    try {
      new URL('x');
    } catch (error) {
      thrown = error;
    }
    const answer = await answerTo(thrown);
    assert.equal(answer.status, 500);
    assert.equal(answer.retryAfter, null);
    assert.deepEqual(answer.body, {
      error: { code: 'internal_error', message: 'An unexpected error occurred; it has been logged.' },
    });
  });

  void test('storage that is down is 503 with Retry-After; storage saying "not found" is not', async () => {
    const down = await answerTo(new RestError('socket hang up', { code: 'REQUEST_SEND_ERROR' }));
    assert.equal(down.status, 503);
    assert.equal(down.retryAfter, '5');
    assert.equal((down.body as { error: { code: string } }).error.code, 'service_unavailable');
    assert.equal((await answerTo(new RestError('busy', { statusCode: 503 }))).status, 503);
    assert.equal((await answerTo(new RestError('gone', { statusCode: 404 }))).status, 500);
  });

  void test("the API's own errors keep their status; a DNS failure asks the caller to retry", async () => {
    const invalid = await answerTo(new ValidationError('bad', [{ field: 'x', message: 'y' }]));
    assert.equal(invalid.status, 400);
    assert.deepEqual(invalid.body, {
      error: { code: 'invalid_request', message: 'bad', details: [{ field: 'x', message: 'y' }] },
    });
    const later = await answerTo(new ServiceUnavailableError('DNS did not answer', 7));
    assert.equal(later.status, 503);
    assert.equal(later.retryAfter, '7');
  });

  void test('invalid settings are a 503 listing every problem', async () => {
    const answer = await answerTo(new ConfigError(['PLAN_QUEUE: bad', 'CACHE_TABLE: bad']));
    assert.equal(answer.status, 503);
    assert.deepEqual(answer.body, {
      error: {
        code: 'configuration_invalid',
        message: 'The app settings are invalid; an operator must fix them.',
        details: ['PLAN_QUEUE: bad', 'CACHE_TABLE: bad'],
      },
    });
  });

  void test('anything thrown, even a string, becomes a JSON error', async () => {
    const answer = await answerTo('a string');
    assert.equal(answer.status, 500);
    assert.equal((answer.body as { error: { code: string } }).error.code, 'internal_error');
  });
});
