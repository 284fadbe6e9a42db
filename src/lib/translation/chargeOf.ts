import { textLength } from './tokens.js';
import type { TranslateRequest, Translator } from './translator.js';

/** The characters a provider bills for a request, computed without sending it (see `Translator.chargeOf`). */
export function chargeOf(translator: Pick<Translator, 'chargeOf'>, request: TranslateRequest): number {
  if (translator.chargeOf) return translator.chargeOf(request);
  return request.segments.reduce((n, pieces) => n + textLength(pieces), 0);
}
