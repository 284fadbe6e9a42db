import type { AppConfig } from '../config.js';
import { PseudoTranslator } from './pseudoTranslator.js';
import type { Translator } from './translator.js';

export function createTranslator(config: AppConfig['translator']): Translator {
  switch (config.provider) {
    case 'pseudo':
      return new PseudoTranslator(config.pseudoLatencyMs);
  }
}
