import { setTimeout as delay } from 'node:timers/promises';

/** How hard one call may try before giving the failure back to the host, which retries the message later. */
export interface RetryBudget {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Back-off ceiling of the first retry; doubles with each further attempt. */
  baseDelayMs: number;
  /** Back-off ceiling no retry exceeds (a server's Retry-After may ask for longer). */
  maxDelayMs: number;
  /** Time from the start of the call after which no further wait begins: keep it inside the message's lease. */
  totalBudgetMs: number;
}

/** Time and chance, injectable so tests measure waits without waiting. */
export interface RetryClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** In [0, 1). */
  random(): number;
}

export const systemClock: RetryClock = {
  now: () => performance.now(),
  sleep: (ms) => delay(ms),
  random: () => Math.random(),
};

export interface RetryOptions {
  clock?: RetryClock;
  /** When the budget started (clock time); default: now. Lets several requests of one call share a budget. */
  startedAt?: number;
}

/** What a retryable error may carry: the wait its server asked for. */
export interface RetryHint {
  retryAfterMs?: number;
}

function requestedWait(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { retryAfterMs } = error as RetryHint;
  return typeof retryAfterMs === 'number' && retryAfterMs >= 0 ? retryAfterMs : undefined;
}

/**
 * Runs `op` until it succeeds, fails with an error `isRetryable` rejects, runs out of attempts, or the next
 * wait would end past the total budget; then throws the last error as it is. Waits are the server's
 * Retry-After when it sent one, else exponential back-off with full jitter (uniform in [0, ceiling]), which
 * spreads out the retries of many workers hitting the same limit at once.
 */
export async function withRetries<T>(
  op: (attempt: number) => Promise<T>,
  budget: RetryBudget,
  isRetryable: (error: unknown) => boolean,
  options: RetryOptions = {},
): Promise<T> {
  const clock = options.clock ?? systemClock;
  const startedAt = options.startedAt ?? clock.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await op(attempt);
    } catch (error) {
      if (!isRetryable(error) || attempt >= budget.maxAttempts) throw error;
      const ceiling = Math.min(budget.maxDelayMs, budget.baseDelayMs * 2 ** (attempt - 1));
      const wait = requestedWait(error) ?? Math.floor(clock.random() * ceiling);
      if (clock.now() - startedAt + wait > budget.totalBudgetMs) throw error;
      await clock.sleep(wait);
    }
  }
}

const DECIMAL = /^\s*\d+(\.\d+)?\s*$/;

/**
 * The wait a response asks for, in ms: `retry-after-ms` / `x-ms-retry-after-ms` (Azure's precise form), else
 * `Retry-After` as seconds or an HTTP date. Undefined when absent or unreadable.
 */
export function parseRetryAfter(headers: Headers, nowMs: number = Date.now()): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const value = headers.get(name);
    if (value !== null && DECIMAL.test(value)) return Number(value);
  }
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  if (DECIMAL.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
