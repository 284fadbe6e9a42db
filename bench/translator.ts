/**
 * Benchmark 4: what the current worker path sends to a translator, per MiB of Markdown, HTML and JSON, and
 * what a second run of the same item costs. Measured with a counting wrapper around the pseudo translator,
 * through translateItem (read → segment → translate → write).
 */
import { randomUUID } from 'node:crypto';
import { translateItem } from '../src/lib/worker/translateItem.js';
import { itemKeyOf } from '../src/lib/tracker/keys.js';
import { PseudoTranslator } from '../src/lib/translation/pseudoTranslator.js';
import type { TranslateRequest, TranslateResult, Translator } from '../src/lib/translation/translator.js';
import type { TranslateItemMessage } from '../src/lib/messages.js';
import { seededRandom } from '../test/helpers/prng.js';
import { freshStorage, uploadFiles } from './storage.js';
import { html, json, markdown } from './fixtures.js';

/** Documented Azure AI Translator limits per Translate request (service-limits page). */
export const PROVIDER_LIMITS = { charactersPerRequest: 50_000, elementsPerRequest: 1_000 };

class CountingTranslator implements Translator {
  readonly name = 'counting';
  requests = 0;
  segments = 0;
  characters = 0;
  charged = 0;
  private readonly inner = new PseudoTranslator(0);

  async translate(request: TranslateRequest): Promise<TranslateResult> {
    this.requests++;
    this.segments += request.segments.length;
    for (const segment of request.segments) this.characters += segment.length;
    const result = await this.inner.translate(request);
    this.charged += result.charactersCharged;
    return result;
  }

  take(): { requests: number; segments: number; characters: number; charged: number } {
    const taken = {
      requests: this.requests,
      segments: this.segments,
      characters: this.characters,
      charged: this.charged,
    };
    this.requests = this.segments = this.characters = this.charged = 0;
    return taken;
  }
}

export interface EfficiencyResult {
  format: string;
  bytes: number;
  /** Characters in the file (UTF-16 code units, as providers count them). */
  fileCharacters: number;
  first: { requests: number; segments: number; characters: number; charged: number };
  second: { requests: number; segments: number; characters: number; charged: number };
  /** The fewest requests the documented limits allow for the characters and segments actually sent. */
  minimumRequestsForSent: number;
}

const MIB = 1024 * 1024;

export async function measureTranslatorEfficiency(): Promise<EfficiencyResult[]> {
  const translator = new CountingTranslator();
  const storage = await freshStorage({}, { translator });
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
        size: bytes,
      };
      await translateItem(storage.services, message);
      const first = translator.take();
      await translateItem(storage.services, message);
      const second = translator.take();
      results.push({
        format,
        bytes,
        fileCharacters: text.length,
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
  }
}
