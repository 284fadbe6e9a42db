import { after } from 'node:test';
import { AzureTranslator } from '../../../src/lib/translation/azure/azureTranslator.js';
import { AzureTranslatorTestServer } from '../../helpers/azureTranslatorServer.js';
import { translatorContract } from '../../helpers/translatorContract.js';

const server = await AzureTranslatorTestServer.start({ key: 'contract-key', region: 'westeurope' });
after(() => server.close());

translatorContract(
  'azure (v3 test server)',
  () =>
    new AzureTranslator({
      endpoint: server.endpoint,
      auth: { kind: 'key', key: 'contract-key', region: 'westeurope' },
      retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 100, totalBudgetMs: 5_000 },
      concurrency: 4,
      requestTimeoutMs: 10_000,
    }),
  { requestChars: 50_000 },
);
