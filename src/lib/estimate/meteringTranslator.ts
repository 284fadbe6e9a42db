import { chargeOf } from '../translation/chargeOf.js';
import { sourceText } from '../translation/tokens.js';
import type { TranslateRequest, TranslateResult, Translator } from '../translation/translator.js';

/**
 * Stands in for the provider in a dry run: the pipeline hands it exactly the segments it would send (after
 * letterless segments are dropped and long ones split), and it counts them and what the provider would bill
 * for them, instead of sending. It answers the source text, so formats render as they would after a call.
 * This is also where a segment memory would subtract what it already holds: a remembered segment is neither
 * sent nor counted.
 */
export class MeteringTranslator implements Translator {
  readonly name: string;
  readonly maxSegmentChars: number;
  segments = 0;
  characters = 0;

  constructor(private readonly provider: Translator) {
    this.name = provider.name;
    this.maxSegmentChars = provider.maxSegmentChars;
  }

  translate(request: TranslateRequest): Promise<TranslateResult> {
    const charged = chargeOf(this.provider, request);
    this.segments += request.segments.length;
    this.characters += charged;
    return Promise.resolve({
      segments: request.segments.map(sourceText),
      charactersCharged: charged,
      requests: 0,
      charactersSent: 0,
    });
  }
}
