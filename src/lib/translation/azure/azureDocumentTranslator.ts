import { extname } from 'node:path/posix';
import { PermanentItemError } from '../../errors.js';
import type { DocumentTranslateRequest, DocumentTranslator } from '../translator.js';
import { createAuthHeaders, type AuthHeaders, type AzureAuth } from './azureAuth.js';
import { systemClock, withRetries, type RetryBudget, type RetryClock } from './retryPolicy.js';
import { errorFromResponse } from './translatorErrors.js';
import { isRetryableProviderError, providerUnreachable } from '../providerErrors.js';
import { DOCUMENT_CONTENT_TYPES } from '../../formats/contentTypes.js';

export interface AzureDocumentTranslatorOptions {
  /** The resource's custom domain, `https://<name>.cognitiveservices.azure.com`: document translation needs one. */
  endpoint: string;
  auth: AzureAuth;
  retry: RetryBudget;
  /** Per attempt; a whole document takes far longer than a text request. */
  requestTimeoutMs: number;
  fetch?: typeof fetch;
  clock?: RetryClock;
}

/**
 * Formats the synchronous endpoint translates that the text pipeline cannot read (binary containers and
 * MIME archives), with the content type the endpoint expects for each. Its other formats (txt, html, csv,
 * tsv, xlf) go through the text pipeline, which protects code and placeholders; odt, ods, odp and rtf are
 * batch-only.
 */
const CONTENT_TYPES = DOCUMENT_CONTENT_TYPES;

export const DOCUMENT_API_VERSION = '2024-05-01';
/** The synchronous endpoint's limits. */
const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
const MAX_GLOSSARY_BYTES = 1024 * 1024;

/**
 * The glossary as the TSV file the endpoint takes: one `term<TAB>translation` per line. Entries holding a tab
 * or line break cannot be written in TSV, and a term spanning lines would not match document text anyway.
 */
export function glossaryTsv(glossary: ReadonlyMap<string, string>): string {
  const lines: string[] = [];
  for (const [term, translation] of glossary) {
    if (term.trim() === '' || /[\t\r\n]/.test(term + translation)) continue;
    lines.push(`${term}\t${translation}`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** Whole binary documents through `POST /translator/document:translate`, one file and one target per call. */
export class AzureDocumentTranslator implements DocumentTranslator {
  readonly extensions = Object.keys(CONTENT_TYPES);
  readonly maxBytes = MAX_DOCUMENT_BYTES;
  private readonly authHeaders: AuthHeaders;
  private readonly fetchImpl: typeof fetch;
  private readonly clock: RetryClock;

  constructor(private readonly options: AzureDocumentTranslatorOptions) {
    this.authHeaders = createAuthHeaders(options.auth);
    this.fetchImpl = options.fetch ?? fetch;
    this.clock = options.clock ?? systemClock;
  }

  async translateDocument(
    request: DocumentTranslateRequest,
  ): Promise<{ content: Buffer; charactersCharged: number }> {
    const query = new URLSearchParams({ targetLanguage: request.to });
    if (request.from) query.set('sourceLanguage', request.from);
    query.set('api-version', DOCUMENT_API_VERSION);
    const url = `${this.options.endpoint.replace(/\/+$/, '')}/translator/document:translate?${query.toString()}`;
    const tsv = request.glossary ? glossaryTsv(request.glossary) : '';
    if (Buffer.byteLength(tsv) > MAX_GLOSSARY_BYTES) {
      throw new PermanentItemError(
        'translator_rejected',
        `The glossary is ${Buffer.byteLength(tsv)} bytes as TSV; Azure document translation takes at most ${MAX_GLOSSARY_BYTES}.`,
      );
    }
    const contentType = this.contentTypeOf(request);
    return withRetries(
      async () => {
        // A fresh form per attempt: a request body stream is consumed by the attempt that sent it.
        const form = new FormData();
        form.append('document', new Blob([request.content], { type: contentType }), request.fileName);
        if (tsv)
          form.append('glossary', new Blob([tsv], { type: 'text/tab-separated-values' }), 'glossary.tsv');
        const headers = await this.authHeaders();
        try {
          const response = await this.fetchImpl(url, {
            method: 'POST',
            headers,
            body: form,
            signal: AbortSignal.timeout(this.options.requestTimeoutMs),
          });
          if (!response.ok) throw await errorFromResponse(response, 'Azure document translation');
          const content = Buffer.from(await response.arrayBuffer());
          const metered = Number(response.headers.get('x-metered-usage') ?? Number.NaN);
          return { content, charactersCharged: Number.isFinite(metered) ? metered : 0 };
        } catch (error) {
          throw providerUnreachable('Azure document translation', error);
        }
      },
      this.options.retry,
      isRetryableProviderError,
      { clock: this.clock },
    );
  }

  /** Blobs often carry application/octet-stream; the endpoint parses by content type, so name the real one. */
  private contentTypeOf(request: DocumentTranslateRequest): string {
    const declared = request.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
    if (declared && declared !== 'application/octet-stream') return request.contentType;
    return CONTENT_TYPES[extname(request.fileName).toLowerCase()] ?? 'application/octet-stream';
  }
}
