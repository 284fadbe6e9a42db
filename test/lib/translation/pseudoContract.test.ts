import { PseudoTranslator } from '../../../src/lib/translation/pseudoTranslator.js';
import { translatorContract } from '../../helpers/translatorContract.js';

translatorContract('pseudo', () => new PseudoTranslator(), { requestChars: 50_000 });
