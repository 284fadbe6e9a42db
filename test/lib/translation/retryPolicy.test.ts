import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  parseRetryAfter,
  withRetries,
  type RetryBudget,
} from '../../../src/lib/translation/azure/retryPolicy.js';
import { instantClock } from '../../helpers/instantClock.js';

class Flaky extends Error {
  constructor(
    readonly attempt: number,
    readonly retryAfterMs?: number,
  ) {
    super(`failure ${attempt}`);
  }
}

const budget = (overrides: Partial<RetryBudget> = {}): RetryBudget => ({
  maxAttempts: 5,
  baseDelayMs: 100,
  maxDelayMs: 300,
  totalBudgetMs: 60_000,
  ...overrides,
});

const always = () => true;

describe('withRetries', () => {
  it('returns the first success without waiting', async () => {
    const clock = instantClock({ start: 1_000 });
    let calls = 0;
    const result = await withRetries(async () => ++calls, budget(), always, { clock });
    assert.equal(result, 1);
    assert.deepEqual(clock.sleeps, []);
  });

  it('backs off exponentially with full jitter, capped at maxDelayMs, then throws the last error', async () => {
    const clock = instantClock({ start: 1_000 });
    const error = await withRetries((attempt) => Promise.reject(new Flaky(attempt)), budget(), always, {
      clock,
    }).catch((e: unknown) => e);
    // Ceilings 100, 200, 300, 300; half of each with random() = 0.5.
    assert.deepEqual(clock.sleeps, [50, 100, 150, 150]);
    assert.ok(error instanceof Flaky);
    assert.equal(error.attempt, 5);
  });

  it('waits what the server asked for, even beyond maxDelayMs', async () => {
    const clock = instantClock({ start: 1_000 });
    const result = await withRetries(
      async (attempt) => {
        if (attempt === 1) throw new Flaky(attempt, 5_000);
        return 'ok';
      },
      budget(),
      always,
      { clock },
    );
    assert.equal(result, 'ok');
    assert.deepEqual(clock.sleeps, [5_000]);
  });

  it('never sleeps past the total budget: stops with the last error instead', async () => {
    const clock = instantClock({ start: 1_000 });
    const error = await withRetries(
      (attempt) => Promise.reject(new Flaky(attempt, 400)),
      budget({ maxAttempts: 10, totalBudgetMs: 1_000 }),
      always,
      { clock },
    ).catch((e: unknown) => e);
    assert.deepEqual(clock.sleeps, [400, 400]);
    assert.ok(error instanceof Flaky);
    assert.equal(error.attempt, 3);
  });

  it('counts the budget from startedAt, so requests of one call share it', async () => {
    const clock = instantClock({ start: 1_000 });
    const error = await withRetries(
      (attempt) => Promise.reject(new Flaky(attempt, 400)),
      budget({ totalBudgetMs: 1_000 }),
      always,
      { clock, startedAt: clock.time - 900 },
    ).catch((e: unknown) => e);
    assert.deepEqual(clock.sleeps, []);
    assert.ok(error instanceof Flaky);
    assert.equal(error.attempt, 1);
  });

  it('throws an error the classifier rejects at once', async () => {
    const clock = instantClock({ start: 1_000 });
    let calls = 0;
    await assert.rejects(
      withRetries(
        () => {
          calls++;
          return Promise.reject(new Error('permanent'));
        },
        budget(),
        (e) => e instanceof Flaky,
        { clock },
      ),
      /permanent/,
    );
    assert.equal(calls, 1);
    assert.deepEqual(clock.sleeps, []);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T12:00:00Z');
  const parse = (headers: Record<string, string>) => parseRetryAfter(new Headers(headers), now);

  it('reads seconds, fractions and HTTP dates', () => {
    assert.equal(parse({ 'Retry-After': '2' }), 2_000);
    assert.equal(parse({ 'Retry-After': '1.5' }), 1_500);
    assert.equal(parse({ 'Retry-After': 'Wed, 01 Jan 2025 12:00:30 GMT' }), 30_000);
    assert.equal(parse({ 'Retry-After': 'Wed, 01 Jan 2025 11:59:00 GMT' }), 0);
  });

  it('prefers the millisecond headers', () => {
    assert.equal(parse({ 'retry-after-ms': '250', 'Retry-After': '9' }), 250);
    assert.equal(parse({ 'x-ms-retry-after-ms': '75' }), 75);
  });

  it('ignores absent and unreadable values', () => {
    assert.equal(parse({}), undefined);
    assert.equal(parse({ 'Retry-After': 'soon' }), undefined);
    assert.equal(parse({ 'retry-after-ms': '-5' }), undefined);
  });
});
