import { ApertiumTranslator } from '../../../src/lib/translation/apertiumTranslator.js';
import { translatorContract } from '../../helpers/translatorContract.js';
import { useApertium } from '../../helpers/apertium.js';

const apertium = useApertium();

translatorContract(
  'apertium (real APy)',
  () =>
    new ApertiumTranslator({
      url: apertium.url(),
      defaultSourceLanguage: 'en',
      concurrency: 4,
      requestTimeoutMs: 10_000,
    }),
  { requestChars: 4_000 },
);
