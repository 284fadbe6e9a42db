import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { fateKindOf } from '../../helpers/fates.js';
import { COGNITIVE_SERVICES_SCOPE } from '../../../src/lib/translation/azure/azureAuth.js';
import { AzureTranslatorTestServer } from '../../helpers/azureTranslatorServer.js';
import { text, translatorFor } from '../../helpers/azureTranslatorClient.js';

describe('AzureTranslator auth', () => {
  let server: AzureTranslatorTestServer;
  before(async () => {
    server = await AzureTranslatorTestServer.start({ key: 'k-1', region: 'westeurope' });
  });
  after(() => server.close());
  beforeEach(() => server.reset());

  it('sends the key and region', async () => {
    await translatorFor(server).translate({ segments: [[text('Hello')]], to: 'es', from: 'en' });
    const headers = server.received[0]?.headers;
    assert.equal(headers?.['ocp-apim-subscription-key'], 'k-1');
    assert.equal(headers?.['ocp-apim-subscription-region'], 'westeurope');
    assert.equal(headers?.authorization, undefined);
  });

  it('reports wrong credentials as a transient configuration error, without retrying', async () => {
    const error = await translatorFor(server, { auth: { kind: 'key', key: 'k-1' } })
      .translate({ segments: [[text('Hello')]], to: 'es', from: 'en' })
      .catch((e: unknown) => e);
    assert.equal(fateKindOf(error), 'transient');
    assert.match((error as Error).message, /credentials/);
    assert.equal(server.requests, 1);
  });

  it('sends a Bearer token from an Entra credential, fetched once while it is fresh', async () => {
    const entra = await AzureTranslatorTestServer.start({ bearerTokens: ['token-1', 'token-2'] });
    try {
      const scopes: string[] = [];
      const credential: TokenCredential = {
        getToken: (scope): Promise<AccessToken> => {
          scopes.push(String(scope));
          return Promise.resolve({
            token: `token-${scopes.length}`,
            expiresOnTimestamp: Date.now() + 3_600_000,
          });
        },
      };
      const translator = translatorFor(entra, { auth: { kind: 'entra', credential } });
      await translator.translate({ segments: [[text('Hello')]], to: 'es', from: 'en' });
      await translator.translate({ segments: [[text('Hello')]], to: 'es', from: 'en' });
      assert.deepEqual(scopes, [COGNITIVE_SERVICES_SCOPE]);
      assert.deepEqual(
        entra.received.map((r) => [
          r.headers.authorization,
          r.headers['ocp-apim-subscription-key'],
          r.status,
        ]),
        [
          ['Bearer token-1', undefined, 200],
          ['Bearer token-1', undefined, 200],
        ],
      );
    } finally {
      await entra.close();
    }
  });

  it('renews an Entra token that is close to expiry', async () => {
    const entra = await AzureTranslatorTestServer.start({ bearerTokens: ['token-1', 'token-2'] });
    try {
      let calls = 0;
      const credential: TokenCredential = {
        getToken: () =>
          Promise.resolve({ token: `token-${++calls}`, expiresOnTimestamp: Date.now() + 60_000 }),
      };
      const translator = translatorFor(entra, { auth: { kind: 'entra', credential } });
      await translator.translate({ segments: [[text('Hello')]], to: 'es', from: 'en' });
      await translator.translate({ segments: [[text('Hello')]], to: 'es', from: 'en' });
      assert.equal(calls, 2);
      assert.equal(entra.received[1]?.headers.authorization, 'Bearer token-2');
    } finally {
      await entra.close();
    }
  });
});
