/**
 * A quota-enforcing stand-in of Translator v3: the v3 test server with a character quota in front of
 * `/translate`, kept the way the service describes its own (characters per hour, consumed evenly, enforced on a
 * sliding window of about a minute): a token bucket refilled at `charsPerSecond` and holding `windowSeconds` of
 * it. A request whose characters the bucket does not hold is answered 429 (code 429001) with `Retry-After`
 * in whole seconds, and costs nothing. Accepted and rejected requests and characters are counted.
 */
import { AzureTranslatorTestServer, type TestServerOptions } from './azureTranslatorServer.js';

export interface CharacterQuotaOptions {
  charsPerSecond: number;
  /** Seconds of quota the bucket holds (the service's window is about 60 s; a scaled-down quota uses less). */
  windowSeconds?: number;
  /**
   * Retry-After is a whole number of these milliseconds (default 1,000: whole seconds, as HTTP and the service
   * give it). The service's window is about 60 s against whole-second waits; a window scaled down to 1 s keeps
   * that ratio with 1000 / 60 here (the header then carries decimal seconds, which the client reads).
   */
  retryAfterUnitMs?: number;
  /** Answer 429 with a Retry-After header (default true); without it clients must guess. */
  retryAfter?: boolean;
  /** Milliseconds; injectable for tests of the bucket itself. */
  now?: () => number;
}

export interface QuotaRejection {
  message: string;
  headers: Record<string, string>;
}

export class CharacterQuota {
  readonly charsPerSecond: number;
  /** Characters the bucket holds when full. */
  readonly capacity: number;
  accepted = 0;
  rejected = 0;
  acceptedChars = 0;
  rejectedChars = 0;
  /** Times (ms) of the first request and of the last accepted one. */
  firstAt: number | undefined;
  lastAcceptedAt: number | undefined;
  /** Every accepted request: when (ms) and how many characters. */
  readonly acceptedLog: { at: number; chars: number }[] = [];
  private tokens: number;
  private refilledAt: number | undefined;
  private readonly now: () => number;

  constructor(private readonly options: CharacterQuotaOptions) {
    this.charsPerSecond = options.charsPerSecond;
    this.capacity = options.charsPerSecond * (options.windowSeconds ?? 1);
    this.tokens = this.capacity;
    this.now = options.now ?? (() => performance.now());
  }

  /** Takes `chars` from the bucket, or says why not (and leaves the bucket as it was). */
  admit(chars: number): QuotaRejection | undefined {
    const now = this.now();
    this.firstAt ??= now;
    const elapsed = (now - (this.refilledAt ?? now)) / 1000;
    this.tokens = Math.min(this.capacity, this.tokens + elapsed * this.charsPerSecond);
    this.refilledAt = now;
    if (chars <= this.tokens) {
      this.tokens -= chars;
      this.accepted++;
      this.acceptedChars += chars;
      this.lastAcceptedAt = now;
      this.acceptedLog.push({ at: now, chars });
      return undefined;
    }
    this.rejected++;
    this.rejectedChars += chars;
    // The wait until the bucket would hold the request, rounded up to the header's unit.
    const unit = this.options.retryAfterUnitMs ?? 1000;
    const units = Math.max(1, Math.ceil(((chars - this.tokens) / this.charsPerSecond) * (1000 / unit)));
    const seconds = Number(((units * unit) / 1000).toFixed(3));
    return {
      message: 'The server rejected the request because the client has exceeded request limits.',
      headers: this.options.retryAfter === false ? {} : { 'Retry-After': String(seconds) },
    };
  }

  /**
   * Accepted characters over all the quota allowed from the first request to the last accepted one (a full
   * bucket at the start plus the refill since): 1 means not a character of quota went unused.
   */
  get busyFraction(): number {
    return this.busyFractionUntil(this.lastAcceptedAt ?? 0);
  }

  /** The same up to `end` (ms, the clock of `now`): leaves out a tail where the client had too little work. */
  busyFractionUntil(end: number): number {
    if (this.firstAt === undefined || end <= this.firstAt) return 0;
    const accepted = this.acceptedLog.filter((a) => a.at <= end).reduce((n, a) => n + a.chars, 0);
    return accepted / (this.capacity + ((end - this.firstAt) / 1000) * this.charsPerSecond);
  }

  get rejectedFraction(): number {
    const requests = this.accepted + this.rejected;
    return requests === 0 ? 0 : this.rejected / requests;
  }
}

export async function startQuotaTranslatorServer(
  quota: CharacterQuotaOptions,
  options: Omit<TestServerOptions, 'quota'> = {},
): Promise<{ server: AzureTranslatorTestServer; quota: CharacterQuota }> {
  const bucket = new CharacterQuota(quota);
  return { server: await AzureTranslatorTestServer.start({ ...options, quota: bucket }), quota: bucket };
}
