/**
 * The provider's quota as this process measured it, from the characters it sent and the 429s it got back.
 *
 * A 429 says the provider's bucket (or sliding window) held less than the rejected request when it arrived:
 * the quota was spent at that moment. Between two such moments, as long as this process kept asking for more
 * than it was given, every character the provider refilled was taken, so the characters accepted in between,
 * over the time between them, are the provider's refill rate: its quota, whatever its window. The bucket held
 * less than the first rejected request at the start and less than the last one at the end, which bounds the
 * error by one request's characters over the span; the span grows from the first 429 for as long as sending
 * stays saturated, so the measurement gets finer the longer the process runs against its quota.
 */

/** What a 429 tells about the quota: a rate and how far it can be trusted. */
export interface QuotaReading {
  /** Characters per second accepted between the first 429 of the stretch and this one. */
  charsPerSecond: number;
  /** The quota is certainly below this (the end bucket could hold at most the rejected request). */
  upperBound: number;
  /** Relative uncertainty: one request's characters over what the span accepted. */
  uncertainty: number;
}

/** Log entries older than this are folded into one sum while a stretch lasts (a 429 comes back sooner). */
const FOLD_AFTER_MS = 120_000;

export class QuotaMeasure {
  /** Characters sent, by clock time of sending; a rejection enters as negative characters. */
  private readonly log: { at: number; chars: number }[] = [];
  /** The first 429 of the current saturated stretch, and what it rejected. */
  private stretch: { at: number; rejectedChars: number } | undefined;
  /** Accepted characters of the stretch sent before `foldedUntil`, no longer in the log. */
  private folded = 0;
  private foldedUntil = Number.NEGATIVE_INFINITY;

  sent(at: number, chars: number): void {
    this.log.push({ at, chars });
    // Without a stretch only the last second is read; within one, old entries only count in sum.
    const keepFrom = this.stretch ? at - FOLD_AFTER_MS : at - 1000;
    while ((this.log[0]?.at ?? keepFrom) < keepFrom) {
      const oldest = this.log.shift();
      if (this.stretch && oldest && oldest.at >= this.stretch.at) this.folded += oldest.chars;
    }
    if (this.stretch) this.foldedUntil = Math.max(this.foldedUntil, keepFrom);
  }

  /** A rejected request took nothing: it leaves the count of accepted characters. */
  rejected(sentAt: number, chars: number): void {
    if (this.stretch && sentAt >= this.stretch.at && sentAt < this.foldedUntil) this.folded -= chars;
    else this.log.push({ at: sentAt, chars: -chars });
  }

  /**
   * Sending fell below the rate (nothing asked for a while, so the provider's quota may have refilled unused):
   * accepted characters no longer show its refill rate across this moment, so the stretch starts over.
   */
  interrupted(): void {
    this.startStretch(undefined);
  }

  /**
   * Records that the quota was spent at `at` (when the rejected request of `chars` was sent) and reads the
   * rate since the first 429 of the stretch; undefined at the first 429, which only starts a stretch.
   */
  spentAt(at: number, chars: number): QuotaReading | undefined {
    const start = this.stretch;
    if (!start || at <= start.at) {
      this.startStretch({ at, rejectedChars: chars });
      return undefined;
    }
    const logged = this.log.filter((s) => s.at >= start.at && s.at < at).reduce((n, s) => n + s.chars, 0);
    const accepted = this.folded + logged;
    const seconds = (at - start.at) / 1000;
    if (accepted <= 0) return undefined;
    return {
      charsPerSecond: accepted / seconds,
      upperBound: (accepted + chars) / seconds,
      uncertainty: Math.max(chars, start.rejectedChars) / accepted,
    };
  }

  /** Characters accepted per second over the last `ms` up to `now`; undefined when nothing was sent. */
  recent(now: number, ms: number): number | undefined {
    if (ms <= 0) return undefined;
    const chars = this.log.filter((s) => s.at >= now - ms && s.at <= now).reduce((n, s) => n + s.chars, 0);
    return chars > 0 ? (chars / ms) * 1000 : undefined;
  }

  private startStretch(stretch: { at: number; rejectedChars: number } | undefined): void {
    this.stretch = stretch;
    this.folded = 0;
    this.foldedUntil = Number.NEGATIVE_INFINITY;
  }
}
