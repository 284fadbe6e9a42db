/** The two translators every file goes through: identity (must reproduce the file) and the product's pseudo. */
import { PseudoTranslator } from '../src/lib/translation/pseudoTranslator.js';
import { sourceText, textLength } from '../src/lib/translation/tokens.js';
import type { Translator } from '../src/lib/translation/translator.js';

export const identityTranslator: Translator = {
  name: 'identity',
  maxSegmentChars: 50_000,
  translate: (request) =>
    Promise.resolve({
      segments: request.segments.map(sourceText),
      charactersCharged: request.segments.reduce((n, s) => n + textLength(s), 0),
      requests: 1,
      charactersSent: 0,
    }),
};

export const pseudoTranslator: Translator = new PseudoTranslator();
