import { setTimeout as delay } from 'node:timers/promises';
import pLimit, { type LimitFunction } from 'p-limit';
import { PermanentItemError } from '../errors.js';
import { packRequests } from './packRequests.js';
import { encodeSegment, restoreTokens } from './tokens.js';
import type { TranslateRequest, TranslateResult, Translator } from './translator.js';
import { apertiumCandidates, isoName } from './apertiumLanguages.js';
import { markerPrefix, splitAtBoundaries, splitResponse, toChunk, type Chunk } from './apertiumBatching.js';
import {
  ProviderError,
  classifyProviderAnswer,
  isRetryableProviderError,
  providerUnreachable,
} from './providerErrors.js';

const SERVICE = 'Apertium';

export interface ApertiumOptions {
  /** APy's base URL, e.g. http://127.0.0.1:2737. */
  url: string;
  /** Used when a request has no `from`: Apertium cannot detect languages. */
  defaultSourceLanguage: string;
  concurrency: number;
  requestTimeoutMs: number;
  retry?: { maxAttempts: number; baseDelayMs: number };
  fetch?: typeof fetch;
}

/**
 * APy (0.11) cuts a request into at most 10 pieces of up to PIPE_BUF (4 KiB) bytes, or 1,000 characters
 * when several clients share its pipeline, each ending at a full stop when it can (so as short as ~500),
 * and silently drops whatever follows: a 70,000-character request comes back as 35,000 characters of fluent
 * text ending at a sentence, with status 200. Requests of at most 4,000 characters never reach that limit.
 */
const MAX_REQUEST_CHARS = 4_000;
/** Room for one segment's marker (below) within a request. */
const MARKER_OVERHEAD = 16;
/** Below this, an incomplete answer is not split further: the engine is failing, not truncating. */
const MIN_SPLIT_CHARS = 64;
const HAS_LETTER = /\p{L}/u;

interface Pair {
  source: string;
  target: string;
}

interface Counters {
  requests: number;
  charactersSent: number;
}

/**
 * Apertium through APy's HTTP API (POST /translate, format=txt). Protected pieces travel as `⟦n⟧` tokens,
 * which Apertium passes through untouched, and glossary terms as tokens replaced by their translation
 * (Apertium has no dynamic dictionary). Every request stays within 4,000 characters and every answer is
 * checked for completeness; an incomplete one is translated again as smaller requests, never returned.
 * `maxSegmentChars` lets the pipeline split long segments; longer wire text is still split here, at
 * sentence ends, as a safety net (tokens and terms can make wire text longer than the pipeline counts).
 *
 * Apertium is free: `charactersCharged` is what a metered provider would bill for the same work, the
 * characters of each segment's wire text (edge whitespace aside) once, without separators or retries.
 * `requests` and `charactersSent` count /translate calls and their `q` text, retries and re-splits included;
 * the one cached /listPairs call is not counted.
 */
export class ApertiumTranslator implements Translator {
  readonly name = 'apertium';
  readonly maxSegmentChars = MAX_REQUEST_CHARS - MARKER_OVERHEAD;
  private readonly url: string;
  private readonly fetch: typeof fetch;
  private readonly limit: LimitFunction;
  private readonly retry: { maxAttempts: number; baseDelayMs: number };
  private pairs?: Promise<Pair[]>;

  constructor(private readonly options: ApertiumOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.fetch = options.fetch ?? globalThis.fetch;
    this.limit = pLimit(options.concurrency);
    this.retry = options.retry ?? { maxAttempts: 4, baseDelayMs: 250 };
  }

  async translate(request: TranslateRequest): Promise<TranslateResult> {
    const counters: Counters = { requests: 0, charactersSent: 0 };
    if (request.segments.length === 0) return { segments: [], charactersCharged: 0, ...counters };
    const langpair = await this.langpair(request.from ?? this.options.defaultSourceLanguage, request.to);
    const encoded = request.segments.map((pieces) => encodeSegment(pieces));
    const texts = encoded.map((e) => e.text);
    const translated = await this.translateTexts(texts, langpair, counters, this.limit, MAX_REQUEST_CHARS);
    const charactersCharged = texts.reduce((n, t) => n + (HAS_LETTER.test(t) ? t.trim().length : 0), 0);
    return {
      segments: translated.map((text, i) => restoreTokens(text, encoded[i]?.replacements ?? [])),
      charactersCharged,
      ...counters,
    };
  }

  /** Texts without letters come back as they are; the rest is packed into requests of `maxRequestChars`. */
  private async translateTexts(
    texts: readonly string[],
    langpair: string,
    counters: Counters,
    run: LimitFunction,
    maxRequestChars: number,
  ): Promise<string[]> {
    const maxChunk = maxRequestChars - MARKER_OVERHEAD;
    const chunked = texts.map((text) => splitAtBoundaries(text, maxChunk).map(toChunk));
    const toSend = chunked.flat().filter((chunk) => HAS_LETTER.test(chunk.core));
    const batches = packRequests(
      toSend.map((chunk) => chunk.core.length + MARKER_OVERHEAD),
      { maxChars: maxRequestChars, maxSegments: Number.MAX_SAFE_INTEGER },
    );
    await Promise.all(
      batches.map((indices) =>
        run(async () => {
          const batch = indices.map((i) => toSend[i] as Chunk);
          const out = await this.translateCores(
            batch.map((chunk) => chunk.core),
            langpair,
            counters,
          );
          batch.forEach((chunk, k) => (chunk.translation = out[k]));
        }),
      ),
    );
    return chunked.map((chunks) => chunks.map((c) => c.lead + (c.translation ?? c.core) + c.trail).join(''));
  }

  /** One request; if its answer is incomplete, its halves, down to halves of a single segment. */
  private async translateCores(cores: string[], langpair: string, counters: Counters): Promise<string[]> {
    const prefix = markerPrefix(cores);
    const q = cores.map((core, i) => `${core}\n${prefix}${i}⟧.\n`).join('');
    const output = await this.translateOnce(q, langpair, counters);
    const pieces = splitResponse(output, prefix, cores.length);
    if (pieces) return pieces;
    if (cores.length > 1) {
      const half = Math.ceil(cores.length / 2);
      const first = await this.translateCores(cores.slice(0, half), langpair, counters);
      return [...first, ...(await this.translateCores(cores.slice(half), langpair, counters))];
    }
    const core = cores[0] ?? '';
    if (core.length < MIN_SPLIT_CHARS) {
      // APy truncates under load (see MAX_REQUEST_CHARS): another attempt may well get the whole answer.
      throw new ProviderError(
        SERVICE,
        'unavailable',
        `Apertium returned an incomplete translation of a ${core.length}-character text.`,
        'incomplete_translation',
      );
    }
    // One request per half: packed together, the halves would make the same request again.
    const halfRequest = Math.ceil(core.length / 2) + MARKER_OVERHEAD;
    return this.translateTexts([core], langpair, counters, pLimit(1), halfRequest);
  }

  private async translateOnce(q: string, langpair: string, counters: Counters): Promise<string> {
    const body = new URLSearchParams({ langpair, q, markUnknown: 'no', format: 'txt' });
    const json = await this.call('/translate', body, counters, q.length);
    const text = (json as { responseData?: { translatedText?: unknown } } | null)?.responseData
      ?.translatedText;
    if (typeof text !== 'string') throw malformed('/translate without translatedText');
    return text;
  }

  private async langpair(from: string, to: string): Promise<string> {
    this.pairs ??= this.listPairs().catch((error: unknown) => {
      this.pairs = undefined;
      throw error;
    });
    const pairs = await this.pairs;
    const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
    for (const source of apertiumCandidates(from)) {
      for (const target of apertiumCandidates(to)) {
        const pair = pairs.find((p) => same(p.source, source) && same(p.target, target));
        if (pair) return `${pair.source}|${pair.target}`;
      }
    }
    const available = pairs.map((p) => `${isoName(p.source)}→${isoName(p.target)}`).join(', ');
    throw new PermanentItemError(
      'unsupported_language_pair',
      `Apertium cannot translate ${from}→${to}. Installed pairs: ${available || 'none'}.`,
    );
  }

  private async listPairs(): Promise<Pair[]> {
    const json = await this.call('/listPairs', undefined, { requests: 0, charactersSent: 0 }, 0);
    const data = (json as { responseData?: unknown } | null)?.responseData;
    if (!Array.isArray(data)) throw malformed('/listPairs without a list of pairs');
    return (data as { sourceLanguage?: unknown; targetLanguage?: unknown }[]).flatMap((entry) =>
      typeof entry.sourceLanguage === 'string' && typeof entry.targetLanguage === 'string'
        ? [{ source: entry.sourceLanguage, target: entry.targetLanguage }]
        : [],
    );
  }

  /** Network errors, timeouts, 429 and 5xx are retried with backoff, then thrown for the item's fate. */
  private async call(
    path: string,
    body: URLSearchParams | undefined,
    counters: Counters,
    chars: number,
  ): Promise<unknown> {
    const { maxAttempts, baseDelayMs } = this.retry;
    for (let attempt = 1; ; attempt++) {
      let failure: ProviderError;
      counters.requests += 1;
      counters.charactersSent += chars;
      try {
        const response = await this.fetch(`${this.url}${path}`, {
          method: body ? 'POST' : 'GET',
          ...(body ? { body } : {}),
          signal: AbortSignal.timeout(this.options.requestTimeoutMs),
        });
        const text = await response.text();
        if (response.ok) {
          try {
            return JSON.parse(text) as unknown;
          } catch {
            failure = malformed(`${path} with unreadable JSON: ${text.slice(0, 200)}`);
          }
        } else {
          failure = rejection(response.status, text);
        }
      } catch (error) {
        failure = providerUnreachable(SERVICE, error);
      }
      if (!isRetryableProviderError(failure) || attempt >= maxAttempts) throw failure;
      await delay(baseDelayMs * 2 ** (attempt - 1));
    }
  }
}

const malformed = (what: string): ProviderError =>
  new ProviderError(SERVICE, 'unavailable', `Apertium answered ${what}.`, 'malformed_response');

/** APy answers errors as {"code": 400, "explanation": "That pair is not installed"}. */
function rejection(status: number, body: string): ProviderError {
  let explanation = body.slice(0, 200);
  try {
    const parsed = JSON.parse(body) as { explanation?: unknown };
    if (typeof parsed.explanation === 'string') explanation = parsed.explanation;
  } catch {
    // Not APy's JSON error: the raw body is the best explanation there is.
  }
  return new ProviderError(
    SERVICE,
    classifyProviderAnswer(status, String(status), explanation),
    `Apertium answered HTTP ${status}: ${explanation}`,
    String(status),
  );
}
