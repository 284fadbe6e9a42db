import type { TranslateRequest, TranslateResult, Translator } from '../../src/lib/translation/translator.js';

const segmentText = (segment: TranslateRequest['segments'][number]): string =>
  segment.map((piece) => piece.text).join('');

/**
 * Wraps a provider and counts what it is asked to translate, per (target language, segment text): with
 * sources whose segments are all distinct, a count above 1 is an item that was paid for twice.
 */
export class CountingTranslator implements Translator {
  readonly name: string;
  readonly maxSegmentChars: number;
  readonly counts = new Map<string, number>();
  calls = 0;

  constructor(private readonly inner: Translator) {
    this.name = inner.name;
    this.maxSegmentChars = inner.maxSegmentChars;
  }

  async translate(request: TranslateRequest): Promise<TranslateResult> {
    this.calls++;
    for (const segment of request.segments) {
      const key = `${request.to}\n${segmentText(segment)}`;
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    }
    return this.inner.translate(request);
  }

  /** Segments translated more than once, with how often. */
  repeated(): [string, number][] {
    return [...this.counts].filter(([, count]) => count > 1);
  }
}
