/**
 * The AzureTranslator the client tests drive against the Translator v3 test server: key auth, small retry
 * budget, an instant clock, and builders for the pieces a segment is made of.
 */
import type { AzureAuth } from '../../src/lib/translation/azure/azureAuth.js';
import {
  AzureTranslator,
  type AzureTranslatorOptions,
} from '../../src/lib/translation/azure/azureTranslator.js';
import type { Piece } from '../../src/lib/translation/translator.js';
import type { AzureTranslatorTestServer } from './azureTranslatorServer.js';
import { instantClock } from './instantClock.js';

export const KEY_AUTH: AzureAuth = { kind: 'key', key: 'k-1', region: 'westeurope' };

export const text = (t: string): Piece => ({ kind: 'text', text: t });
export const keep = (t: string): Piece => ({ kind: 'keep', text: t });
export const term = (t: string, translation: string): Piece => ({ kind: 'term', text: t, translation });

export function translatorFor(
  server: AzureTranslatorTestServer,
  options: Partial<AzureTranslatorOptions> = {},
): AzureTranslator {
  return new AzureTranslator({
    endpoint: server.endpoint,
    auth: KEY_AUTH,
    retry: { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1_000, totalBudgetMs: 60_000 },
    concurrency: 2,
    requestTimeoutMs: 5_000,
    clock: instantClock(),
    ...options,
  });
}
