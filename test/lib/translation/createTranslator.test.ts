import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig } from '../../../src/lib/config.js';
import { azureEndpoints, createTranslator } from '../../../src/lib/translation/createTranslator.js';

void describe('createTranslator', () => {
  void test('a custom-subdomain endpoint serves text under /translator/text/v3.0 and documents at its root', () => {
    assert.deepEqual(azureEndpoints('https://tr-abc.cognitiveservices.azure.com/'), {
      text: 'https://tr-abc.cognitiveservices.azure.com/translator/text/v3.0',
      documents: 'https://tr-abc.cognitiveservices.azure.com',
    });
    assert.deepEqual(azureEndpoints('https://api.cognitive.microsofttranslator.com'), {
      text: 'https://api.cognitive.microsofttranslator.com',
    });
  });

  void test('each provider setting builds its translator; documents only where the endpoint offers them', () => {
    const make = (values: Record<string, string>) => createTranslator(loadConfig(values, {}).translator);
    assert.equal(make({}).name, 'pseudo');
    const entra = make({
      TRANSLATOR_PROVIDER: 'azure',
      AZURE_TRANSLATOR_ENDPOINT: 'https://tr-abc.cognitiveservices.azure.com/',
    });
    assert.equal(entra.name, 'azure');
    assert.ok(entra.documents?.extensions.includes('.docx'));
    const keyed = make({
      TRANSLATOR_PROVIDER: 'azure',
      AZURE_TRANSLATOR_ENDPOINT: 'https://api.cognitive.microsofttranslator.com',
      AZURE_TRANSLATOR_KEY: 'k',
      AZURE_TRANSLATOR_REGION: 'westeurope',
    });
    assert.equal(keyed.documents, undefined);
    assert.equal(
      make({ TRANSLATOR_PROVIDER: 'apertium', APERTIUM_URL: 'http://127.0.0.1:2737' }).name,
      'apertium',
    );
  });
});
