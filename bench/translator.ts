/**
 * Benchmark 4: what the worker sends to a real provider's protocol per MiB of Markdown, HTML and JSON, against
 * the fewest requests the provider's limits allow, and what a second run of the same item costs (the cache).
 * The provider is the Azure client (src/lib/translation/azure) talking HTTP to the v3 test server, which
 * counts the requests and characters it actually receives.
 */
import { randomUUID } from 'node:crypto';
import { translateItem } from '../src/lib/worker/translateItem.js';
import { NO_TERMS } from '../src/lib/glossary/applyTerms.js';
import { textFormatFor } from '../src/lib/formats/registry.js';
import { itemKeyOf } from '../src/lib/tracker/keys.js';
import { AzureTranslator } from '../src/lib/translation/azure/azureTranslator.js';
import { textLength } from '../src/lib/translation/tokens.js';
import type { TranslateItemMessage } from '../src/lib/messages.js';
import { AzureTranslatorTestServer } from '../test/helpers/azureTranslatorServer.js';
import { seededRandom } from '../test/helpers/prng.js';
import { freshStorage, uploadFiles } from './storage.js';
import { html, json, markdown } from './fixtures.js';

/** Documented Azure AI Translator limits per Translate request (service-limits page). */
export const PROVIDER_LIMITS = { charactersPerRequest: 50_000, elementsPerRequest: 1_000 };

export interface RunCounts {
  requests: number;
  /** `Text` elements received. */
  segments: number;
  /** Characters of `Text` received (markup included: escaped text, notranslate spans). */
  characters: number;
  charged: number;
}

export interface EfficiencyResult {
  format: string;
  bytes: number;
  /** Characters in the file (UTF-16 code units, as providers count them). */
  fileCharacters: number;
  /** Characters of human text the format yields: what must be translated at the least. */
  humanCharacters: number;
  first: RunCounts;
  second: RunCounts;
  /** The fewest requests the documented limits allow for the characters and elements actually sent. */
  minimumRequestsForSent: number;
}

const MIB = 1024 * 1024;

export async function measureTranslatorEfficiency(): Promise<EfficiencyResult[]> {
  const server = await AzureTranslatorTestServer.start({ key: 'bench', region: 'westeurope' });
  const translator = new AzureTranslator({
    endpoint: server.endpoint,
    auth: { kind: 'key', key: 'bench', region: 'westeurope' },
    retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, totalBudgetMs: 10_000 },
    concurrency: 4,
    requestTimeoutMs: 60_000,
  });
  const storage = await freshStorage({}, { translator });
  const take = (charged: number): RunCounts => {
    const received = server.received.splice(0);
    return {
      requests: received.length,
      segments: received.reduce((n, r) => n + r.texts.length, 0),
      characters: received.reduce((n, r) => n + r.texts.reduce((m, t) => m + t.length, 0), 0),
      charged,
    };
  };
  try {
    const random = seededRandom(4);
    const documents: [string, string, string][] = [
      ['Markdown', 'doc.md', markdown(random, MIB)],
      ['HTML', 'doc.html', html(random, MIB)],
      ['JSON', 'doc.json', json(random, MIB)],
    ];
    await uploadFiles(
      storage.services,
      'bench-formats',
      documents.map(([, path, text]) => [path, text]),
    );
    const results: EfficiencyResult[] = [];
    for (const [format, path, text] of documents) {
      const bytes = Buffer.byteLength(text, 'utf8');
      const message: TranslateItemMessage = {
        kind: 'translate',
        job_id: randomUUID(),
        item_key: itemKeyOf(0, path, 'es'),
        source_container: 'bench-formats',
        source_path: path,
        target_container: 'bench-formats-out',
        target_path: `es/${path}`,
        target_language: 'es',
        source_language: 'en',
        size: bytes,
      };
      const parsed = textFormatFor(path)?.parse(text, { targetLanguage: 'es' });
      const humanCharacters = (parsed?.segments ?? []).reduce((n, s) => n + textLength(s), 0);
      const first = take((await translateItem(storage.services, message, NO_TERMS)).charactersCharged);
      const second = take((await translateItem(storage.services, message, NO_TERMS)).charactersCharged);
      results.push({
        format,
        bytes,
        fileCharacters: text.length,
        humanCharacters,
        first,
        second,
        minimumRequestsForSent: Math.max(
          Math.ceil(first.characters / PROVIDER_LIMITS.charactersPerRequest),
          Math.ceil(first.segments / PROVIDER_LIMITS.elementsPerRequest),
        ),
      });
    }
    return results;
  } finally {
    await storage.stop();
    await server.close();
  }
}
