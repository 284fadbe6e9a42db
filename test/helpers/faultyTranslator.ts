import { setTimeout as delay } from 'node:timers/promises';
import { PseudoTranslator } from '../../src/lib/translation/pseudoTranslator.js';
import { sourceText } from '../../src/lib/translation/tokens.js';
import type { TranslateRequest, TranslateResult, Translator } from '../../src/lib/translation/translator.js';

/** The pseudo translator, but any segment matching `failWhen` throws a (transient) error every time. */
export class FaultyTranslator implements Translator {
  readonly name = 'faulty';
  calls = 0;
  private readonly inner: PseudoTranslator;

  readonly maxSegmentChars = 50_000;

  constructor(
    private readonly failWhen: (segment: string) => boolean,
    latencyMs = 0,
  ) {
    this.inner = new PseudoTranslator(latencyMs);
  }

  async translate(request: TranslateRequest): Promise<TranslateResult> {
    this.calls++;
    if (request.segments.map(sourceText).some(this.failWhen)) {
      await delay(1);
      throw new Error('provider returned 500 Internal Server Error');
    }
    return this.inner.translate(request);
  }
}
