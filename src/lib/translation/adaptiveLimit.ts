/**
 * An adaptive send rate for one provider in one process, in characters per second.
 *
 * Translator's quota is characters per hour, enforced on a sliding window of about a minute, and it is
 * indifferent to concurrency; so the limit paces characters over time rather than counting requests or
 * requests in flight (a window of in-flight characters only maps to a rate through the latency, which varies
 * with request size and load). Until the first 429 the rate doubles per second of full use (slow start).
 * From then on every 429 is also a measurement (quotaMeasure.ts): the characters accepted between an earlier
 * 429 and this one, over the time between (cool-downs left out), are the provider's quota. The rate decreases
 * to just under that (`margin`), not by a fixed factor from wherever it was, and then probes upward slowly,
 * a small step per accepted request, so that the next 429 is many requests away: probing below the quota
 * costs nothing while the provider's window has room (it banks what is not used), and each 429 costs a
 * cool-down.
 * A 429 starts one cool-down shared by every request of the process, in flight or new: nothing is sent
 * until the provider's Retry-After (or a default) has passed, plus a small bounded jitter so several
 * processes sharing one quota do not come back in the same instant. The provider's window refills during the
 * cool-down, and so does the limit's bank, so sending resumes with what the cool-down saved.
 */
import { systemClock, type RetryClock } from './azure/retryPolicy.js';
import { QuotaMeasure, type QuotaReading, type SentRequest } from './quotaMeasure.js';

export interface AdaptiveLimitOptions {
  /** Rate to begin with, in characters per second; slow start finds a higher quota within seconds. */
  initialCharsPerSecond: number;
  /** The rate never falls below this, so a run of 429s cannot stall the process. */
  minCharsPerSecond?: number;
  /** Factor applied to the rate on a 429 that gives no fine reading (the first of a stretch, a short span). */
  decreaseFactor?: number;
  /** After a 429 that measured the quota, sending resumes this fraction under it. */
  margin?: number;
  /**
   * Growth per accepted request that waited for the limit, as a fraction of the measured quota. Counted in
   * requests rather than seconds because 429s are counted in requests: climbing back through the margin and
   * past it takes about 2 × margin ÷ this many requests, whatever the quota and request sizes.
   */
  increaseFraction?: number;
  /** Above the measured quota (or before any), the growth step doubles after this many accepted requests. */
  probeDoublingRequests?: number;
  /** A reading counts once it is finer than this (one request's characters over what its span accepted). */
  maxUncertainty?: number;
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
export interface Permit extends SentRequest {
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
  /** The provider's quota as last measured (characters per second); undefined before a reading counted. */
  measuredCharsPerSecond: number | undefined;
}

interface Waiter {
  chars: number;
  resolve: (permit: Permit) => void;
}

export class AdaptiveLimit {
  private rate: number;
  private readonly min: number;
  private readonly decreaseFactor: number;
  private readonly margin: number;
  private readonly increaseFraction: number;
  private readonly maxUncertainty: number;
  private readonly probeDoublingRequests: number;
  private readonly defaultCoolDownMs: number;
  private readonly maxJitterMs: number;
  private readonly burstSeconds: number;
  private readonly clock: RetryClock;
  private step = 0;
  /** Accepted requests that probed above the measured quota since the last 429. */
  private probes = 0;
  private slowStart = true;
  private epoch = 0;
  private sequence = 0;
  private measured: number | undefined;
  private readonly measure = new QuotaMeasure();
  /** Characters that may leave now, at most `burstSeconds` of the rate; a request waits until it holds it. */
  private tokens: number;
  private refilledAt: number | undefined;
  private coolDownUntil = 0;
  private readonly waiting: Waiter[] = [];
  /** Since when requests have been leaving without a cool-down between (clock time). */
  private sendingSince: number | undefined;
  private queuedChars = 0;
  private pumping = false;

  constructor(options: AdaptiveLimitOptions) {
    this.rate = options.initialCharsPerSecond;
    this.min = options.minCharsPerSecond ?? 100;
    this.decreaseFactor = options.decreaseFactor ?? 0.85;
    this.margin = options.margin ?? 0.03;
    this.increaseFraction = options.increaseFraction ?? 0.001;
    this.maxUncertainty = options.maxUncertainty ?? 0.1;
    this.probeDoublingRequests = options.probeDoublingRequests ?? 20;
    this.defaultCoolDownMs = options.defaultCoolDownMs ?? 1_000;
    this.maxJitterMs = options.maxJitterMs ?? 250;
    this.burstSeconds = options.burstSeconds ?? 1;
    this.clock = options.clock ?? systemClock;
    // A fresh process may send its first second at once: far less than the service's minute of window.
    this.tokens = this.capacity();
  }

  get state(): AdaptiveLimitState {
    return {
      charsPerSecond: this.rate,
      slowStart: this.slowStart,
      coolDownUntil: this.coolDownUntil,
      decreases: this.epoch,
      measuredCharsPerSecond: this.measured,
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
    const short = this.queuedChars + this.needed(chars) - this.tokens;
    const start = Math.max(this.coolDownUntil, now + Math.max(0, (short / this.rate) * 1000));
    if (start > deadline) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.waiting.push({ chars, resolve });
      this.queuedChars += chars;
      if (!this.pumping) void this.pump();
    });
  }

  private capacity(): number {
    return this.rate * this.burstSeconds;
  }

  /** A request larger than the bank goes once the bank is full, and leaves it in debt. */
  private needed(chars: number): number {
    return Math.min(chars, this.capacity());
  }

  /** Lets waiting requests go one by one as the rate and the cool-down allow; re-reads both after each sleep. */
  private async pump(): Promise<void> {
    this.pumping = true;
    let waited = false;
    try {
      for (let next = this.waiting[0]; next; next = this.waiting[0]) {
        const now = this.clock.now();
        this.refill(now);
        const short = this.needed(next.chars) - this.tokens;
        const wait = Math.max(this.coolDownUntil - now, short > 0 ? (short / this.rate) * 1000 : 0);
        if (wait > 0) {
          waited = true;
          // Whole milliseconds, as timers keep them: a sleep shorter than the clock can show never ends the wait.
          await this.clock.sleep(Math.ceil(wait));
          continue;
        }
        this.waiting.shift();
        this.queuedChars -= next.chars;
        this.tokens -= next.chars;
        const sent = { sequence: this.sequence++, sentAt: now, chars: next.chars };
        this.measure.sent(sent);
        // The first of a queue asked when the limit was idle; the others waited for it.
        next.resolve({ ...sent, epoch: this.epoch, waited: waited || this.waiting.length > 0 });
        waited = this.waiting.length > 0;
      }
    } finally {
      this.pumping = false;
    }
  }

  /**
   * Unused rate is banked for at most `burstSeconds`, so an idle spell does not become a burst the provider
   * refuses. A bank that filled up outside a cool-down means this process sent less than its rate, and the
   * provider's window may have refilled unused: what it accepts no longer measures its quota across that.
   */
  private refill(now: number): void {
    const last = this.refilledAt ?? now;
    const elapsed = Math.max(0, now - last) / 1000;
    const capacity = this.capacity();
    if (this.tokens + elapsed * this.rate > capacity) {
      const fullAt = last + ((capacity - this.tokens) / this.rate) * 1000;
      // Only while nobody waited: a queue woken late (a busy machine, a timer after a cool-down) is not idle,
      // and a tenth of the bank is a late arrival rather than an idle spell.
      const idle = this.waiting.length === 0;
      if (idle && now - Math.max(fullAt, this.coolDownUntil) > (this.burstSeconds * 1000) / 10) {
        this.measure.interrupted();
      }
      this.tokens = capacity;
    } else {
      this.tokens += elapsed * this.rate;
    }
    this.refilledAt = now;
  }

  succeeded(permit: Permit): void {
    if (!permit.waited) return;
    // Slow start doubles the rate per second of full use (`rate` characters).
    if (this.slowStart) {
      this.rate += permit.chars;
      return;
    }
    // Up to the measured quota a constant step. Beyond it the step doubles every `probeDoublingRequests`:
    // slow just above the measurement, where the quota most likely is, but a measurement that came out low
    // (a provider that overflowed during cool-downs) is left behind within tens of requests, not hundreds.
    if (this.measured === undefined || this.rate >= this.measured) this.probes++;
    this.rate += this.step * 2 ** (this.probes / this.probeDoublingRequests);
  }

  /** The provider answered 429; returns the clock time the shared cool-down ends. */
  throttled(permit: Permit, retryAfterMs?: number): number {
    const now = this.clock.now();
    const wait = retryAfterMs ?? this.defaultCoolDownMs;
    const jitter = this.clock.random() * Math.min(this.maxJitterMs, wait / 10);
    this.coolDownUntil = Math.max(this.coolDownUntil, now + wait + jitter);
    this.measure.rejected(permit);
    // The provider has no room now; in the cool-down its window refills, and so does the bank here.
    this.refill(now);
    this.tokens = Math.min(0, this.tokens);
    if (permit.epoch === this.epoch) {
      const reading = this.measure.spentAt(permit, this.maxUncertainty);
      this.decrease(reading, now);
      this.slowStart = false;
      this.probes = 0;
      this.epoch++;
    }
    this.measure.paused(now, this.coolDownUntil, this.rate);
    this.sendingSince = this.coolDownUntil;
    return this.coolDownUntil;
  }

  private decrease(reading: QuotaReading | undefined, now: number): void {
    if (reading && reading.uncertainty <= this.maxUncertainty) {
      this.measured = reading.charsPerSecond;
      this.rate = Math.max(this.min, this.measured * (1 - this.margin));
      this.step = this.measured * this.increaseFraction;
      return;
    }
    // Nothing measured finely enough: decrease by the factor. At the first 429 of a stretch (no reading at all,
    // as at the end of slow start) the rate may be far above what the provider accepts, since it answers 429
    // only once its banked quota is spent: also to no more than what the last second of sending achieved.
    const span = Math.min(1000, now - (this.sendingSince ?? now));
    const achieved = span >= 300 ? this.measure.recent(now, span) : undefined;
    const bound = reading ? Number.POSITIVE_INFINITY : (achieved ?? Number.POSITIVE_INFINITY);
    this.rate = Math.max(this.min, Math.min(this.rate * this.decreaseFactor, bound));
    this.step = this.rate * this.increaseFraction;
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
