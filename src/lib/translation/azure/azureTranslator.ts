// Written on fetch rather than @azure-rest/ai-translation-text: its 2.x targets a newer API shape than v3, and
// the pipeline needs its own retry budget (bounded by the queue message's visibility window), Retry-After
// handling and the X-metered-usage header, which the SDK does not give it.
import { decodeHTML, escapeAttribute, escapeText } from 'entities';
import pLimit, { type LimitFunction } from 'p-limit';
import { z } from 'zod';
import { PermanentItemError } from '../../errors.js';
import { packRequests } from '../packRequests.js';
import { withPartialCharge } from '../partialCharge.js';
import { encodeSegment, restoreTokens, textLength, type EncodedSegment } from '../tokens.js';
import type {
  DocumentTranslator,
  Piece,
  TranslateRequest,
  TranslateResult,
  Translator,
} from '../translator.js';
import { createAuthHeaders, type AuthHeaders, type AzureAuth } from './azureAuth.js';
import { systemClock, withRetries, type RetryBudget, type RetryClock } from './retryPolicy.js';
import { errorFromResponse } from './translatorErrors.js';
import { ProviderError, isRetryableProviderError, providerUnreachable } from '../providerErrors.js';
import type { AdaptiveLimit } from '../adaptiveLimit.js';

const SERVICE = 'Azure Translator';

export interface AzureTranslatorOptions {
  /**
   * Text translation base URL, `/translate` is appended: `https://api.cognitive.microsofttranslator.com`, or
   * for a custom domain (needed with Entra ID) `https://<name>.cognitiveservices.azure.com/translator/text/v3.0`.
   */
  endpoint: string;
  auth: AzureAuth;
  retry: RetryBudget;
  /** Requests in flight at once, shared by every call on this instance (one worker process). */
  concurrency: number;
  /** Per attempt; Translator answers within 15 s with standard models. */
  requestTimeoutMs: number;
  fetch?: typeof fetch;
  clock?: RetryClock;
  /** Whole-document translation (an AzureDocumentTranslator), offered to the pipeline as `documents`. */
  documents?: DocumentTranslator;
  /**
   * The process's adaptive character rate for this resource (same clock as `clock`). With it a 429 is waited
   * out in the shared cool-down without spending an attempt, until the retry budget's time runs out.
   */
  quota?: AdaptiveLimit;
}

/** Translator v3 per-request limits, counted on the wire text (markup included). */
export const AZURE_REQUEST_LIMITS = { maxChars: 50_000, maxSegments: 1_000 };

const encodeToken = (token: string): string => `<span class="notranslate">${token}</span>`;

/** Translator's dynamic dictionary: the engine uses `translation` for the term and inflects around it. */
const encodeTerm = (piece: Extract<Piece, { kind: 'term' }>): string =>
  `<mstrans:dictionary translation="${escapeAttribute(piece.translation)}">${escapeText(piece.text)}</mstrans:dictionary>`;

/** A protected span as it comes back; the engine may reorder attributes, change quotes or pad the content. */
const PROTECTED_SPAN =
  /<span\b[^>]*?\bclass\s*=\s*(?:"[^"]*\bnotranslate\b[^"]*"|'[^']*\bnotranslate\b[^']*'|notranslate\b)[^>]*>\s*(⟦\d+⟧)\s*<\/span\s*>/giu;

const decodeOutput = (html: string, encoded: EncodedSegment): string =>
  restoreTokens(decodeHTML(html.replace(PROTECTED_SPAN, '$1')), encoded.replacements);

const responseSchema = z.array(
  z.object({
    detectedLanguage: z.object({ language: z.string() }).optional(),
    translations: z.array(z.object({ text: z.string() })).min(1),
  }),
);
type TranslationResults = z.infer<typeof responseSchema>;

interface Tally {
  requests: number;
  charactersSent: number;
}

export class AzureTranslator implements Translator {
  readonly name = 'azure';
  /**
   * The pipeline's split limit, counted on source text. On the wire, HTML escaping grows text up to fivefold
   * (`&` → `&amp;`) and protected pieces become markup, so a fifth of the 50,000-character request keeps
   * real segments sendable (one that still overflows fails before anything is sent); requests are still
   * packed up to the full limit.
   */
  readonly maxSegmentChars = AZURE_REQUEST_LIMITS.maxChars / 5;
  readonly documents?: DocumentTranslator;
  private readonly limit: LimitFunction;
  private readonly authHeaders: AuthHeaders;
  private readonly fetchImpl: typeof fetch;
  private readonly clock: RetryClock;

  constructor(private readonly options: AzureTranslatorOptions) {
    this.limit = pLimit(options.concurrency);
    this.authHeaders = createAuthHeaders(options.auth);
    this.fetchImpl = options.fetch ?? fetch;
    this.clock = options.clock ?? systemClock;
    if (options.documents) this.documents = options.documents;
  }

  async translate(request: TranslateRequest): Promise<TranslateResult> {
    const tally: Tally = { requests: 0, charactersSent: 0 };
    if (request.segments.length === 0) return { segments: [], charactersCharged: 0, ...tally };
    const startedAt = this.clock.now();
    const retry =
      request.retryBudgetMs === undefined
        ? this.options.retry
        : {
            ...this.options.retry,
            totalBudgetMs: Math.min(this.options.retry.totalBudgetMs, request.retryBudgetMs),
          };
    const encoded = this.encode(request);
    const tooLong = encoded.findIndex((e) => e.text.length > AZURE_REQUEST_LIMITS.maxChars);
    if (tooLong >= 0) {
      throw new PermanentItemError(
        'translator_rejected',
        `Segment ${tooLong} is ${encoded[tooLong]?.text.length} characters once encoded; Azure Translator takes at most ${AZURE_REQUEST_LIMITS.maxChars} per request.`,
      );
    }
    const url = this.translateUrl(request);
    const outputs: string[] = new Array<string>(encoded.length).fill('');
    const detected: (string | undefined)[] = new Array<string | undefined>(encoded.length);
    let charactersCharged = 0;
    let failure: { error: unknown } | undefined;
    const batches = packRequests(
      encoded.map((e) => e.text.length),
      AZURE_REQUEST_LIMITS,
    );
    // Settle every request before answering, so nothing of this call still runs (and spends) after it failed.
    await Promise.allSettled(
      batches.map((batch) =>
        this.limit(async () => {
          // Once one request failed the item fails: do not spend quota on the rest of it.
          if (failure) return;
          try {
            const texts = batch.map((i) => encoded[i]?.text ?? '');
            const deadline = startedAt + retry.totalBudgetMs;
            const { results, metered } = await withRetries(
              () => this.postWithinQuota(url, texts, tally, deadline),
              retry,
              this.isRetryable,
              { clock: this.clock, startedAt },
            );
            batch.forEach((segmentIndex, k) => {
              const result = results[k];
              const segment = encoded[segmentIndex];
              if (!result || !segment) return;
              outputs[segmentIndex] = decodeOutput(result.translations[0]?.text ?? '', segment);
              detected[segmentIndex] = result.detectedLanguage?.language;
            });
            charactersCharged +=
              metered ?? batch.reduce((n, i) => n + textLength(request.segments[i] ?? []), 0);
          } catch (error) {
            failure ??= { error };
          }
        }),
      ),
    );
    // The requests that succeeded were billed: a budget settles the failed call at what they cost.
    if (failure) throw withPartialCharge(failure.error, charactersCharged);
    const detectedLanguage = request.from ? undefined : mostFrequent(detected);
    return {
      segments: outputs,
      charactersCharged,
      ...tally,
      ...(detectedLanguage ? { detectedLanguage } : {}),
    };
  }

  /** With a quota limit, a 429 that reaches here has outlasted the budget: it goes to `fate.ts` as it is. */
  private readonly isRetryable = (error: unknown): boolean =>
    isRetryableProviderError(error) && !(this.options.quota && isThrottled(error));

  /** One attempt as `withRetries` counts them: 429s inside it are the quota limit's to wait out. */
  private async postWithinQuota(
    url: string,
    texts: string[],
    tally: Tally,
    deadline: number,
  ): Promise<{ results: TranslationResults; metered?: number }> {
    const quota = this.options.quota;
    if (!quota) return this.post(url, texts, tally);
    const chars = texts.reduce((n, t) => n + t.length, 0);
    let lastThrottle: ProviderError | undefined;
    for (;;) {
      const permit = await quota.acquire(chars, deadline);
      if (!permit) {
        const waitMs = Math.max(0, quota.state.coolDownUntil - this.clock.now());
        throw (
          lastThrottle ??
          new ProviderError(
            SERVICE,
            'throttled',
            `${SERVICE} is being throttled (HTTP 429) and this process's rate limit will not let this request go before the item's retry budget ends.`,
            '429',
            waitMs,
          )
        );
      }
      try {
        const answer = await this.post(url, texts, tally);
        quota.succeeded(permit);
        return answer;
      } catch (error) {
        if (!isThrottled(error)) throw error;
        quota.throttled(permit, error.retryAfterMs);
        lastThrottle = error;
      }
    }
  }

  /** Translator bills every character of the wire text, markup included: an upper bound of its meter. */
  chargeOf(request: TranslateRequest): number {
    return this.encode(request).reduce((n, e) => n + e.text.length, 0);
  }

  private encode(request: TranslateRequest): EncodedSegment[] {
    // The dynamic dictionary needs `from`; without it, terms travel as protected tokens holding the translation.
    return request.segments.map((pieces) =>
      encodeSegment(pieces, { encodeText: escapeText, encodeToken, ...(request.from ? { encodeTerm } : {}) }),
    );
  }

  private translateUrl(request: TranslateRequest): string {
    const query = new URLSearchParams({ 'api-version': '3.0', to: request.to });
    if (request.from) query.set('from', request.from);
    query.set('textType', 'html');
    return `${this.options.endpoint.replace(/\/+$/, '')}/translate?${query.toString()}`;
  }

  /** One attempt: counted whether or not it succeeds, since efficiency is measured on real traffic. */
  private async post(
    url: string,
    texts: string[],
    tally: Tally,
  ): Promise<{ results: TranslationResults; metered?: number }> {
    const headers = { ...(await this.authHeaders()), 'Content-Type': 'application/json; charset=UTF-8' };
    tally.requests++;
    tally.charactersSent += texts.reduce((n, t) => n + t.length, 0);
    let response: Response;
    let body: string;
    try {
      response = await this.fetchImpl(url, {
        method: 'POST',
        headers,
        body: JSON.stringify(texts.map((text) => ({ Text: text }))),
        signal: AbortSignal.timeout(this.options.requestTimeoutMs),
      });
      if (!response.ok) throw await errorFromResponse(response);
      body = await response.text();
    } catch (error) {
      throw providerUnreachable(SERVICE, error);
    }
    const parsed = responseSchema.safeParse(parseJson(body));
    if (!parsed.success || parsed.data.length !== texts.length) {
      throw new ProviderError(
        SERVICE,
        'unavailable',
        `${SERVICE} answered ${texts.length} texts with an unexpected body: ${body.slice(0, 200)}`,
        'malformed_response',
      );
    }
    const metered = Number(response.headers.get('x-metered-usage') ?? Number.NaN);
    return { results: parsed.data, ...(Number.isFinite(metered) ? { metered } : {}) };
  }
}

const isThrottled = (error: unknown): error is ProviderError =>
  error instanceof ProviderError && error.kind === 'throttled';

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The language most segments were detected as; a tie goes to the one met first in segment order. */
function mostFrequent(languages: readonly (string | undefined)[]): string | undefined {
  const counts = new Map<string, number>();
  for (const language of languages) if (language) counts.set(language, (counts.get(language) ?? 0) + 1);
  let best: string | undefined;
  let bestCount = 0;
  for (const [language, count] of counts) if (count > bestCount) [best, bestCount] = [language, count];
  return best;
}
