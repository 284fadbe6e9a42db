import type { DocumentTranslator, Translator } from '../translation/translator.js';
import { appMetrics } from './appMetrics.js';

/**
 * The provider as the app uses it, counting the characters each successful call bills
 * (`batch_translator.characters.charged`). Calls of an attempt that later fails are billed too, so this
 * counts what the provider charges, which can exceed the sum of the jobs' `characters_charged`.
 */
export function meteredTranslator(inner: Translator): Translator {
  const documents: DocumentTranslator | undefined = inner.documents && {
    extensions: inner.documents.extensions,
    maxBytes: inner.documents.maxBytes,
    translateDocument: async (request) => {
      const result = await (inner.documents as DocumentTranslator).translateDocument(request);
      appMetrics.charactersCharged(inner.name, result.charactersCharged);
      return result;
    },
  };
  return {
    name: inner.name,
    maxSegmentChars: inner.maxSegmentChars,
    translate: async (request) => {
      const result = await inner.translate(request);
      appMetrics.charactersCharged(inner.name, result.charactersCharged);
      return result;
    },
    ...(documents ? { documents } : {}),
  };
}
