import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RestError } from '@azure/core-rest-pipeline';
import {
  ConfigError,
  InvariantError,
  PermanentItemError,
  RetryLaterError,
  ServiceUnavailableError,
  ValidationError,
} from '../../src/lib/errors.js';
import {
  DEFAULT_RETRY_LATER_SECONDS,
  ensureError,
  fateOf,
  isServiceUnavailable,
} from '../../src/lib/fate.js';
import { ProviderError, classifyProviderAnswer } from '../../src/lib/translation/providerErrors.js';

const summary = (thrown: unknown): string => {
  const fate = fateOf(thrown);
  if (fate.kind === 'transient') return 'transient';
  if (fate.kind === 'retry_later') return `retry_later:${fate.code}:${fate.delaySeconds}`;
  return `${fate.kind}:${fate.code}`;
};

const networkError = (code: string): Error => Object.assign(new Error(`connect ${code}`), { code });

void describe('fateOf: one decision for every failure', () => {
  void test('each kind of failure gets its fate', () => {
    const cases: [string, unknown, string][] = [
      [
        'a permanent item error',
        new PermanentItemError('invalid_document', 'bad'),
        'permanent:invalid_document',
      ],
      ['retry later', new RetryLaterError('busy', 'later', 30), 'retry_later:busy:30'],
      [
        'a broken invariant',
        new InvariantError('Expected 2 translations, got 1.'),
        'invariant:internal_error',
      ],
      [
        'a RangeError (stack overflow)',
        new RangeError('Maximum call stack size exceeded'),
        'invariant:internal_error',
      ],
      [
        'a TypeError from our own code',
        new TypeError("Cannot read properties of undefined (reading 'x')"),
        'invariant:internal_error',
      ],
      [
        'fetch failing on the network',
        new TypeError('fetch failed', { cause: networkError('ECONNRESET') }),
        'transient',
      ],
      ['a request timeout', Object.assign(new Error('timed out'), { name: 'TimeoutError' }), 'transient'],
      ['storage answering 503', new RestError('Server busy', { statusCode: 503 }), 'transient'],
      ['storage unreachable', new RestError('socket hang up', { code: 'REQUEST_SEND_ERROR' }), 'transient'],
      ['an unknown Error', new Error('something odd'), 'transient'],
      ['a string thrown', 'oops', 'transient'],
      ['invalid settings', new ConfigError(['PLAN_QUEUE: bad']), 'transient'],
      [
        'a forbidden callback (an API refusal)',
        new ValidationError('no', undefined, 'forbidden_callback_url'),
        'permanent:forbidden_callback_url',
      ],
      ['storage unavailable as an API error', new ServiceUnavailableError('later'), 'transient'],
    ];
    for (const [what, thrown, expected] of cases) assert.equal(summary(thrown), expected, what);
  });

  void test('every provider failure is judged by one table, whichever provider answered', () => {
    const fates = [
      [429, '429001'],
      [408, '408001'],
      [503, '503000'],
      [400, '400036'],
      [400, '400050'],
      [403, '403001'],
      [401, '401000'],
      [404, '404'],
    ].map(([status, code]) => {
      const kind = classifyProviderAnswer(Number(status), String(code));
      return `${String(status)}/${String(code)}=${summary(new ProviderError('p', kind, 'm', String(code)))}`;
    });
    assert.deepEqual(fates, [
      `429/429001=retry_later:provider_throttled:${DEFAULT_RETRY_LATER_SECONDS}`,
      '408/408001=transient',
      '503/503000=transient',
      '400/400036=permanent:unsupported_language_pair',
      '400/400050=permanent:translator_rejected',
      '403/403001=permanent:translator_rejected',
      '401/401000=transient',
      '404/404=transient',
    ]);
    assert.equal(
      classifyProviderAnswer(400, '400', 'That pair is not installed'),
      'unsupported_language_pair',
    );
    const asked = new ProviderError('p', 'throttled', 'm', '429', 12_300);
    assert.equal(
      summary(asked),
      'retry_later:provider_throttled:13',
      "the provider's Retry-After, rounded up",
    );
  });

  void test('ensureError keeps errors and wraps anything else', () => {
    const error = new Error('x');
    assert.equal(ensureError(error), error);
    assert.match(ensureError('text').message, /Non-error thrown: text/);
    assert.match(ensureError({ code: 1 }).message, /Non-error thrown/);
    assert.match(ensureError(undefined).message, /Non-error thrown: undefined/);
  });

  void test('only storage and network failures count as "service unavailable" for HTTP callers', () => {
    assert.equal(isServiceUnavailable(new RestError('busy', { statusCode: 503 })), true);
    assert.equal(isServiceUnavailable(new RestError('gone', { code: 'REQUEST_SEND_ERROR' })), true);
    assert.equal(isServiceUnavailable(networkError('ECONNREFUSED')), true);
    assert.equal(isServiceUnavailable(new RestError('not found', { statusCode: 404 })), false);
    // An error with a string code is not a storage outage: `new URL('x')` throws ERR_INVALID_URL.
    let urlError: unknown;
    try {
      new URL('x');
    } catch (error) {
      urlError = error;
    }
    assert.equal((urlError as { code?: string }).code, 'ERR_INVALID_URL');
    assert.equal(isServiceUnavailable(ensureError(urlError)), false);
  });
});
