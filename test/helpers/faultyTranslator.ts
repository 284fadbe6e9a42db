import { setTimeout as delay } from 'node:timers/promises';
import { PseudoTranslator } from '../../src/lib/translation/pseudoTranslator.js';
import type { TranslateRequest, TranslateResult, Translator } from '../../src/lib/translation/translator.js';

/** The pseudo translator, but any segment matching `failWhen` throws a (transient) error every time. */
export class FaultyTranslator implements Translator {
  readonly name = 'faulty';
  calls = 0;
  private readonly inner: PseudoTranslator;

  constructor(
    private readonly failWhen: (segment: string) => boolean,
    latencyMs = 0,
  ) {
    this.inner = new PseudoTranslator(latencyMs);
  }

  async translate(request: TranslateRequest): Promise<TranslateResult> {
    this.calls++;
    if (request.segments.some(this.failWhen)) {
      await delay(1);
      throw new Error('provider returned 500 Internal Server Error');
    }
    return this.inner.translate(request);
  }
}
