import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { QueueClient } from '@azure/storage-queue';
import { checkReadiness, translatorProbeUrl } from '../../src/lib/readiness.js';
import { testConfig } from '../helpers/testServices.js';
import { closedPort } from '../helpers/closedPort.js';

void describe('readiness', () => {
  void test('storage that refuses connections makes the worker not ready, naming storage', async () => {
    const port = await closedPort();
    const config = testConfig();
    const translationQueue = new QueueClient(`http://127.0.0.1:${port}/devstoreaccount1/q`, undefined, {
      retryOptions: { maxTries: 1 },
    });
    const report = await checkReadiness({ config, translationQueue });
    assert.equal(report.status, 'not_ready');
    assert.equal(report.storage.reachable, false);
    assert.match(report.storage.error ?? '', /ECONNREFUSED/);
    assert.deepEqual(report.translator, { provider: 'pseudo', reachable: true });
  });

  void test('a translator that answers 5xx is not ready; one that answers at all, even 401, is reachable', async () => {
    let status = 503;
    const server = createServer((_req, res) => {
      res.statusCode = status;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const config = testConfig();
      const translator = {
        provider: 'apertium' as const,
        url: `http://127.0.0.1:${port}/`,
        defaultSourceLanguage: 'en',
        concurrency: 1,
        timeoutMs: 1000,
        retryBudgetMs: 1000,
      };
      const queue = { getProperties: async () => ({}) } as unknown as QueueClient;
      const down = await checkReadiness({ config: { ...config, translator }, translationQueue: queue });
      assert.equal(down.translator.reachable, false);
      assert.match(down.translator.error ?? '', /listPairs answered 503/);
      status = 401;
      const up = await checkReadiness({ config: { ...config, translator }, translationQueue: queue });
      assert.deepEqual(up.translator, { provider: 'apertium', reachable: true });
      assert.equal(up.status, 'ready');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  void test('Azure Translator is probed at its language list, which needs no credentials', () => {
    const common = { concurrency: 1, timeoutMs: 1, retryBudgetMs: 1, startCharsPerSecond: 11_000 };
    assert.equal(
      translatorProbeUrl({
        provider: 'azure',
        endpoint: 'https://tr-abc.cognitiveservices.azure.com',
        ...common,
      }),
      'https://tr-abc.cognitiveservices.azure.com/translator/text/v3.0/languages?api-version=3.0&scope=translation',
    );
    assert.equal(
      translatorProbeUrl({
        provider: 'azure',
        endpoint: 'https://api.cognitive.microsofttranslator.com',
        key: 'k',
        ...common,
      }),
      'https://api.cognitive.microsofttranslator.com/languages?api-version=3.0&scope=translation',
    );
    assert.equal(translatorProbeUrl({ provider: 'pseudo', pseudoLatencyMs: 0 }), undefined);
  });
});
