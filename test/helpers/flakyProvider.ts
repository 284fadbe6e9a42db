import { setTimeout as delay } from 'node:timers/promises';
import { PseudoTranslator } from '../../src/lib/translation/pseudoTranslator.js';
import type { TranslateRequest, TranslateResult, Translator } from '../../src/lib/translation/translator.js';
import { hash32, seededRandom } from './prng.js';
import { sourceText } from '../../src/lib/translation/tokens.js';

/** An error shaped like a translation provider's HTTP failure (status, code, optional Retry-After). */
export class ProviderHttpError extends Error {
  readonly code: string;
  constructor(
    readonly statusCode: number,
    readonly retryAfterSeconds?: number,
  ) {
    super(
      `provider returned ${statusCode}${statusCode === 429 ? ' Too Many Requests' : ' Internal Server Error'}` +
        (retryAfterSeconds === undefined ? '' : ` (Retry-After: ${retryAfterSeconds})`),
    );
    this.name = 'ProviderHttpError';
    this.code = statusCode === 429 ? 'TooManyRequests' : 'InternalServerError';
  }
}

export type FaultKind = '429+retry-after' | '429' | '500';

/**
 * The pseudo translator behind a provider that fails `rate` of its calls with a 429 (with or without
 * Retry-After) or a 500, and always fails requests containing `alwaysFail`. Whether a call fails depends
 * only on the seed, the request and how many times that request was seen, not on timing or call order, so
 * a run is reproducible despite concurrency.
 */
export class FlakyProvider implements Translator {
  readonly name = 'flaky';
  readonly maxSegmentChars = 50_000;
  calls = 0;
  readonly faults: Record<FaultKind | 'always', number> = {
    '429+retry-after': 0,
    '429': 0,
    '500': 0,
    always: 0,
  };
  private readonly seen = new Map<string, number>();
  private readonly inner = new PseudoTranslator();

  constructor(private readonly options: { seed: number; rate: number; alwaysFail: string }) {}

  async translate(request: TranslateRequest): Promise<TranslateResult> {
    this.calls++;
    await delay(1);
    const texts = request.segments.map(sourceText);
    if (texts.some((s) => s.includes(this.options.alwaysFail))) {
      this.faults.always++;
      throw new ProviderHttpError(500);
    }
    const key = `${request.to}\n${texts.join('\n')}`;
    const n = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, n);
    const random = seededRandom(this.options.seed ^ hash32(`${key}#${n}`));
    if (random() < this.options.rate) {
      const pick = random();
      const kind: FaultKind = pick < 1 / 3 ? '429+retry-after' : pick < 2 / 3 ? '429' : '500';
      this.faults[kind]++;
      throw kind === '429+retry-after'
        ? new ProviderHttpError(429, 1)
        : new ProviderHttpError(kind === '429' ? 429 : 500);
    }
    return this.inner.translate(request);
  }
}
