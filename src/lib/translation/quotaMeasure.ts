/**
 * The provider's quota as this process measured it, from the characters it sent and the 429s it got back.
 *
 * A 429 says the provider's bucket (or sliding window) held less than the rejected request when it arrived:
 * the quota was spent at that moment. Between two such moments, as long as this process kept asking for more
 * than it was given, every character the provider refilled was taken, so the characters accepted in between,
 * over the time between them, are the provider's refill rate: its quota, whatever its window. The bucket held
 * less than the first rejected request at the start and less than the last one at the end, which bounds the
 * error by one request's characters over what the span accepted; spans reach back over the 429s of a
 * saturated stretch, so readings get finer the longer the process runs against its quota.
 */

/** A request as the limit let it go. */
export interface SentRequest {
  /** Order of sending: the clock may show several requests of one burst at the same instant. */
  readonly sequence: number;
  readonly sentAt: number;
  readonly chars: number;
}

/** What a 429 tells about the quota: a rate and how far it can be trusted. */
export interface QuotaReading {
  /** Characters per second accepted between an earlier 429 of the stretch and this one, cool-downs left out. */
  charsPerSecond: number;
  /** Relative uncertainty: one request's characters over what the span accepted. */
  uncertainty: number;
}

/** Readings reach back at most this far: long enough to be fine, short enough to keep the log small. */
const MAX_SPAN_MS = 600_000;

interface Pause {
  from: number;
  to: number;
  charsPerSecond: number;
}

export class QuotaMeasure {
  /** Requests sent, in order; a rejection enters again with negative characters. */
  private readonly log: SentRequest[] = [];
  /** The rejected requests that began congestion events of the current saturated stretch, oldest first. */
  private points: SentRequest[] = [];
  /** Cool-downs, oldest first, each with the rate the limit's bank refilled at meanwhile. */
  private readonly pauses: Pause[] = [];

  sent(request: SentRequest): void {
    this.log.push(request);
    this.prune(request.sentAt);
  }

  /** A rejected request took nothing: it leaves the count of accepted characters. */
  rejected(request: SentRequest): void {
    this.log.push({ ...request, chars: -request.chars });
  }

  /**
   * Nothing is sent from `from` to `to` (a cool-down) while the limit banks `charsPerSecond`. A reading leaves
   * such pauses out, and with them what the bank saved in them: the provider's window refills during a
   * cool-down too, but one scaled down to the length of a cool-down overflows in it, and a reading across that
   * would come out low by what overflowed.
   */
  paused(from: number, to: number, charsPerSecond: number): void {
    const last = this.pauses.at(-1);
    if (last && from <= last.to) {
      last.to = Math.max(last.to, to);
      last.charsPerSecond = charsPerSecond;
    } else {
      this.pauses.push({ from, to, charsPerSecond });
    }
  }

  /**
   * Sending fell below the rate (nothing asked for a while, so the provider's quota may have refilled unused):
   * accepted characters no longer show its refill rate across this moment, so the stretch starts over.
   */
  interrupted(): void {
    this.points = [];
  }

  /**
   * Records that the quota was spent when `rejected` arrived and reads the rate from the latest earlier 429 of
   * the stretch that gives a reading within `maxUncertainty`, else from the earliest (the finest there is).
   * Recent spans first: a stretch can hold spells where this process sent below the quota while the
   * provider's window overflowed, which only lower a reading.
   */
  spentAt(rejected: SentRequest, maxUncertainty: number): QuotaReading | undefined {
    let reading: QuotaReading | undefined;
    for (let i = this.points.length - 1; i >= 0; i--) {
      const start = this.points[i];
      if (!start || start.sentAt >= rejected.sentAt) continue;
      reading = this.read(start, rejected);
      if (reading && reading.uncertainty <= maxUncertainty) break;
    }
    this.points.push(rejected);
    return reading;
  }

  /** Characters accepted per second over the last `ms` up to `now`; undefined when nothing was sent. */
  recent(now: number, ms: number): number | undefined {
    if (ms <= 0) return undefined;
    const chars = this.log
      .filter((s) => s.sentAt >= now - ms && s.sentAt <= now)
      .reduce((n, s) => n + s.chars, 0);
    return chars > 0 ? (chars / ms) * 1000 : undefined;
  }

  private read(start: SentRequest, end: SentRequest): QuotaReading | undefined {
    let accepted = this.log
      .filter((s) => s.sequence > start.sequence && s.sequence < end.sequence)
      .reduce((n, s) => n + s.chars, 0);
    let ms = end.sentAt - start.sentAt;
    for (const pause of this.pauses) {
      const overlap = Math.max(0, Math.min(end.sentAt, pause.to) - Math.max(start.sentAt, pause.from));
      ms -= overlap;
      accepted -= (overlap / 1000) * pause.charsPerSecond;
    }
    if (accepted <= 0 || ms <= 0) return undefined;
    return {
      charsPerSecond: accepted / (ms / 1000),
      uncertainty: Math.max(start.chars, end.chars) / accepted,
    };
  }

  /** Keeps the points of the last `MAX_SPAN_MS` and what they (or the last second) need. */
  private prune(now: number): void {
    while ((this.points[0]?.sentAt ?? now) < now - MAX_SPAN_MS) this.points.shift();
    const keepFrom = Math.min(this.points[0]?.sentAt ?? now, now - 1000);
    while ((this.pauses[0]?.to ?? now) < keepFrom) this.pauses.shift();
    let drop = 0;
    while (drop < this.log.length && (this.log[drop]?.sentAt ?? keepFrom) < keepFrom) drop++;
    if (drop > 0) this.log.splice(0, drop);
  }
}
