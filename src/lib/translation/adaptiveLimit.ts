/**
 * An adaptive send rate for one provider in one process, in characters per second.
 *
 * Translator's quota is characters per hour, enforced on a sliding window of about a minute, and it is
 * indifferent to concurrency; so the limit paces characters over time rather than counting requests or
 * requests in flight (a window of in-flight characters only maps to a rate through the latency, which varies
 * with request size and load). The rate is found the way TCP finds a window: it doubles per second of full
 * use until the first 429 (slow start), then grows by a constant step per second of full use (additive
 * increase) and is multiplied down on a 429 (multiplicative decrease). A 429 also starts one cool-down,
 * shared by every request of the process, in flight or new: nothing is sent until the provider's
 * Retry-After (or a default) has passed, plus a small bounded jitter so several processes sharing one
 * quota do not come back in the same instant.
 */
import { systemClock, type RetryClock } from './azure/retryPolicy.js';

export interface AdaptiveLimitOptions {
  /** Rate to begin with, in characters per second; slow start finds a higher quota within seconds. */
  initialCharsPerSecond: number;
  /** The rate never falls below this, so a run of 429s cannot stall the process. */
  minCharsPerSecond?: number;
  /** Factor applied to the rate on a 429, once per congestion event. */
  decreaseFactor?: number;
  /** After the first 429: growth per second of full use, as a fraction of the rate the last 429 left. */
  increaseFraction?: number;
  /** Cool-down when a 429 names no wait. */
  defaultCoolDownMs?: number;
  /** Upper bound of the random extra cool-down (also at most a tenth of the wait). */
  maxJitterMs?: number;
  /** Seconds of unused rate that may be sent at once (after a cool-down, say); the service's window is ~60 s. */
  burstSeconds?: number;
  /** Must be the clock of the caller's deadlines. */
  clock?: RetryClock;
}

/** What `acquire` hands out and `succeeded` / `throttled` take back. */
export interface Permit {
  readonly chars: number;
  /** The congestion event count when it was sent: a 429 for an older permit does not decrease again. */
  readonly epoch: number;
  /** It had to wait for the limit: only then does success say the rate may grow. */
  readonly waited: boolean;
}

export interface AdaptiveLimitState {
  charsPerSecond: number;
  slowStart: boolean;
  /** Clock time the current cool-down ends; 0 when none ever began. */
  coolDownUntil: number;
  decreases: number;
}

interface Waiter {
  chars: number;
  resolve: (permit: Permit) => void;
}

export class AdaptiveLimit {
  private rate: number;
  private readonly min: number;
  private readonly decreaseFactor: number;
  private readonly increaseFraction: number;
  private readonly defaultCoolDownMs: number;
  private readonly maxJitterMs: number;
  private readonly burstSeconds: number;
  private readonly clock: RetryClock;
  private step = 0;
  private slowStart = true;
  private epoch = 0;
  /** Characters that may leave now; negative after a large request (a debt paid off at `rate`). */
  private tokens = 0;
  private refilledAt: number | undefined;
  private coolDownUntil = 0;
  private readonly waiting: Waiter[] = [];
  /** Characters the provider accepted in the last second, by clock time; what the rate really achieved. */
  private readonly delivered: { at: number; chars: number }[] = [];
  /** Since when requests have been leaving without a cool-down between (clock time). */
  private sendingSince: number | undefined;
  private queuedChars = 0;
  private pumping = false;

  constructor(options: AdaptiveLimitOptions) {
    this.rate = options.initialCharsPerSecond;
    this.min = options.minCharsPerSecond ?? 100;
    this.decreaseFactor = options.decreaseFactor ?? 0.85;
    this.increaseFraction = options.increaseFraction ?? 0.02;
    this.defaultCoolDownMs = options.defaultCoolDownMs ?? 1_000;
    this.maxJitterMs = options.maxJitterMs ?? 250;
    this.burstSeconds = options.burstSeconds ?? 0.5;
    this.clock = options.clock ?? systemClock;
  }

  get state(): AdaptiveLimitState {
    return {
      charsPerSecond: this.rate,
      slowStart: this.slowStart,
      coolDownUntil: this.coolDownUntil,
      decreases: this.epoch,
    };
  }

  /**
   * Waits until `chars` may be sent; requests leave in the order they asked. Undefined, without waiting,
   * when at the present rate that moment would come after `deadline` (clock time): the caller gives the item
   * back to be retried later instead.
   */
  acquire(chars: number, deadline = Number.POSITIVE_INFINITY): Promise<Permit | undefined> {
    const now = this.clock.now();
    this.refill(now);
    this.sendingSince ??= now;
    const debt = this.queuedChars - this.tokens;
    const start = Math.max(now, this.coolDownUntil) + Math.max(0, (debt / this.rate) * 1000);
    if (start > deadline) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.waiting.push({ chars, resolve });
      this.queuedChars += chars;
      if (!this.pumping) void this.pump();
    });
  }

  /** Lets waiting requests go one by one as the rate and the cool-down allow; re-reads both after each sleep. */
  private async pump(): Promise<void> {
    this.pumping = true;
    let waited = false;
    try {
      for (let next = this.waiting[0]; next; next = this.waiting[0]) {
        const now = this.clock.now();
        this.refill(now);
        const wait = Math.max(
          this.coolDownUntil - now,
          this.tokens < 0 ? (-this.tokens / this.rate) * 1000 : 0,
        );
        if (wait > 0) {
          waited = true;
          await this.clock.sleep(wait);
          continue;
        }
        this.waiting.shift();
        this.queuedChars -= next.chars;
        this.tokens -= next.chars;
        // The first of a queue asked when the limit was idle; the others waited for it.
        next.resolve({ chars: next.chars, epoch: this.epoch, waited: waited || this.waiting.length > 0 });
        waited = this.waiting.length > 0;
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Unused rate is banked for at most `burstSeconds`, so an idle spell does not become a burst the provider refuses. */
  private refill(now: number): void {
    const elapsed = Math.max(0, now - (this.refilledAt ?? now)) / 1000;
    this.tokens = Math.min(this.rate * this.burstSeconds, this.tokens + elapsed * this.rate);
    this.refilledAt = now;
  }

  succeeded(permit: Permit): void {
    const now = this.clock.now();
    this.delivered.push({ at: now, chars: permit.chars });
    while ((this.delivered[0]?.at ?? now) < now - 1000) this.delivered.shift();
    if (!permit.waited) return;
    // Per second of full use (`rate` characters): slow start doubles the rate, then it grows by `step`.
    const secondsOfUse = permit.chars / this.rate;
    this.rate += this.slowStart ? permit.chars : this.step * secondsOfUse;
  }

  /** The provider answered 429; returns the clock time the shared cool-down ends. */
  throttled(permit: Permit, retryAfterMs?: number): number {
    const now = this.clock.now();
    const wait = retryAfterMs ?? this.defaultCoolDownMs;
    const jitter = this.clock.random() * Math.min(this.maxJitterMs, wait / 10);
    this.coolDownUntil = Math.max(this.coolDownUntil, now + wait + jitter);
    // The provider has no room now; in the cool-down its window refills, and so does the bank here.
    this.refill(now);
    this.tokens = Math.min(0, this.tokens);
    if (permit.epoch === this.epoch) {
      // A provider that banks unused quota answers 429 only once its bank is spent, when the rate may be far
      // above what it accepts: decrease from what it accepted over the last second of sending, if lower.
      const achieved = this.achievedRate(now);
      const base = achieved === undefined ? this.rate : Math.min(this.rate, achieved);
      this.rate = Math.max(this.min, base * this.decreaseFactor);
      this.step = this.rate * this.increaseFraction;
      this.slowStart = false;
      this.epoch++;
    }
    this.sendingSince = this.coolDownUntil;
    return this.coolDownUntil;
  }

  /** Characters per second accepted over the last second of sending; undefined when too little to tell. */
  private achievedRate(now: number): number | undefined {
    const span = Math.min(1000, now - (this.sendingSince ?? now));
    if (span < 300) return undefined;
    const chars = this.delivered.filter((d) => d.at >= now - span).reduce((n, d) => n + d.chars, 0);
    return (chars / span) * 1000;
  }
}

const shared = new Map<string, AdaptiveLimit>();

/** The one limit of this process for `key` (a provider and its resource), created on first use. */
export function sharedAdaptiveLimit(key: string, options: AdaptiveLimitOptions): AdaptiveLimit {
  let limit = shared.get(key);
  if (!limit) {
    limit = new AdaptiveLimit(options);
    shared.set(key, limit);
  }
  return limit;
}
