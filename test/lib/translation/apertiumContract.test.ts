import { after, before } from 'node:test';
import { startApertium, type ApertiumHandle } from '../../../scripts/apertium.js';
import { ApertiumTranslator } from '../../../src/lib/translation/apertiumTranslator.js';
import { translatorContract } from '../../helpers/translatorContract.js';

let apertiumUrl = process.env.APERTIUM_URL ?? '';
let apy: ApertiumHandle | undefined;
before(async () => {
  if (apertiumUrl) return;
  apy = await startApertium();
  apertiumUrl = apy.url;
});
after(async () => {
  await apy?.stop();
});

translatorContract(
  'apertium (real APy)',
  () =>
    new ApertiumTranslator({
      url: apertiumUrl,
      defaultSourceLanguage: 'en',
      concurrency: 4,
      requestTimeoutMs: 10_000,
    }),
  { requestChars: 4_000 },
);
