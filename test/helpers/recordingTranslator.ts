import { PseudoTranslator } from '../../src/lib/translation/pseudoTranslator.js';
import { encodeSegment, restoreTokens } from '../../src/lib/translation/tokens.js';
import type {
  DocumentTranslator,
  TranslateRequest,
  TranslateResult,
  Translator,
} from '../../src/lib/translation/translator.js';

/** Pseudo, plus a detected language, plus whole-document translation of ".docx" (bytes reversed). */
export class RecordingTranslator implements Translator {
  readonly name = 'recording';
  readonly maxSegmentChars = 50_000;
  readonly inner = new PseudoTranslator();
  characters = 0;
  readonly documents: DocumentTranslator = {
    extensions: ['.docx'],
    maxBytes: 1000,
    translateDocument: async ({ content }) => ({
      content: Buffer.from(content).reverse(),
      charactersCharged: 7,
    }),
  };

  async translate(request: TranslateRequest): Promise<TranslateResult> {
    const result = await this.inner.translate(request);
    this.characters += result.charactersCharged;
    return request.from ? result : { ...result, detectedLanguage: 'en' };
  }
}

/** An engine that loses protected tokens; the provider's own check (restoreTokens) must catch it. */
export class TokenDroppingTranslator extends RecordingTranslator {
  override translate(request: TranslateRequest): Promise<TranslateResult> {
    const segments = request.segments.map((s) => {
      const encoded = encodeSegment(s);
      return restoreTokens(encoded.text.replace(/⟦\d+⟧/g, ''), encoded.replacements);
    });
    return Promise.resolve({ segments, charactersCharged: 0, requests: 1, charactersSent: 0 });
  }
}
