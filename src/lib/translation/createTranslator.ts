import { DefaultAzureCredential } from '@azure/identity';
import type { AppConfig, TranslatorSettings } from '../config.js';
import { ApertiumTranslator } from './apertiumTranslator.js';
import { AzureDocumentTranslator } from './azure/azureDocumentTranslator.js';
import type { AzureAuth } from './azure/azureAuth.js';
import { sharedAdaptiveLimit } from './adaptiveLimit.js';
import { AzureTranslator } from './azure/azureTranslator.js';
import { PseudoTranslator } from './pseudoTranslator.js';
import type { Translator } from './translator.js';

/**
 * A resource's own (custom-subdomain) endpoint serves both APIs: text under /translator/text/v3.0, documents
 * at its root. The global and regional endpoints serve text translation only.
 */
export function azureEndpoints(endpoint: string): { text: string; documents?: string } {
  const url = new URL(endpoint);
  const root = endpoint.replace(/\/+$/, '');
  if (
    url.hostname.endsWith('.cognitiveservices.azure.com') &&
    (url.pathname === '/' || url.pathname === '')
  ) {
    return { text: `${root}/translator/text/v3.0`, documents: root };
  }
  return { text: root };
}

function createAzureTranslator(config: Extract<TranslatorSettings, { provider: 'azure' }>): AzureTranslator {
  const auth: AzureAuth = config.key
    ? { kind: 'key', key: config.key, ...(config.region ? { region: config.region } : {}) }
    : {
        kind: 'entra',
        credential: new DefaultAzureCredential(
          config.managedIdentityClientId ? { managedIdentityClientId: config.managedIdentityClientId } : {},
        ),
      };
  // Retries within one invocation; when the budget is spent the message is retried by the host.
  const retry = {
    maxAttempts: 6,
    baseDelayMs: 1_000,
    maxDelayMs: 30_000,
    totalBudgetMs: config.retryBudgetMs,
  };
  const endpoints = azureEndpoints(config.endpoint);
  return new AzureTranslator({
    endpoint: endpoints.text,
    auth,
    retry,
    concurrency: config.concurrency,
    requestTimeoutMs: config.timeoutMs,
    // One rate per resource and process, however many translators this process builds.
    quota: sharedAdaptiveLimit(`azure ${endpoints.text} ${config.region ?? ''}`, {
      initialCharsPerSecond: config.startCharsPerSecond,
    }),
    ...(endpoints.documents
      ? {
          documents: new AzureDocumentTranslator({
            endpoint: endpoints.documents,
            auth,
            retry,
            // A whole document takes far longer than a text request.
            requestTimeoutMs: Math.max(config.timeoutMs, 300_000),
          }),
        }
      : {}),
  });
}

export function createTranslator(config: AppConfig['translator']): Translator {
  switch (config.provider) {
    case 'pseudo':
      return new PseudoTranslator(config.pseudoLatencyMs);
    case 'azure':
      return createAzureTranslator(config);
    case 'apertium':
      return new ApertiumTranslator({
        url: config.url,
        defaultSourceLanguage: config.defaultSourceLanguage,
        concurrency: config.concurrency,
        requestTimeoutMs: config.timeoutMs,
        retry: { maxAttempts: 4, baseDelayMs: 250 },
      });
  }
}
