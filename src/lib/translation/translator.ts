/**
 * What every translation provider offers the pipeline.
 *
 * A segment arrives as pieces: `text` is human text to translate, `keep` is protected (code, placeholders,
 * markup, do-not-translate terms) and must come back verbatim, `term` is a glossary term with the translation
 * to use. Each provider chooses its own wire encoding for `keep` and `term` (tokens, notranslate markup, a
 * dynamic dictionary) and must check with `restoreTokens` that every protected piece came back exactly once.
 */
export type Piece =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'keep'; readonly text: string }
  | { readonly kind: 'term'; readonly text: string; readonly translation: string };

export type SegmentPieces = readonly Piece[];

export interface TranslateRequest {
  segments: readonly SegmentPieces[];
  to: string;
  /** Absent: the provider detects the language (azure) or uses its configured default (apertium). */
  from?: string;
  /**
   * What is left of the item's retry budget, in ms: waits between retries must fit in it. A large file makes
   * one call per part, and the queue message's visibility window bounds the item, not each call.
   */
  retryBudgetMs?: number;
}

export interface TranslateResult {
  /** One string per request segment, `keep` pieces restored verbatim and `term` pieces translated. */
  segments: string[];
  /** Characters the provider bills for this call (its own meter when it reports one). */
  charactersCharged: number;
  /** The language the provider detected, when `from` was absent and it can detect. */
  detectedLanguage?: string;
  /** HTTP requests made and characters sent, retries included: what translator efficiency is measured by. */
  requests: number;
  charactersSent: number;
}

export interface DocumentTranslateRequest {
  content: Buffer;
  fileName: string;
  contentType: string;
  to: string;
  from?: string;
  /** Term → translation, sent as the provider's glossary when it takes one. */
  glossary?: ReadonlyMap<string, string>;
}

/** Binary documents (.docx, .pptx, ...) translated whole by the provider. */
export interface DocumentTranslator {
  /** Lower-case extensions with the dot, e.g. ".docx". */
  readonly extensions: readonly string[];
  readonly maxBytes: number;
  translateDocument(
    request: DocumentTranslateRequest,
  ): Promise<{ content: Buffer; charactersCharged: number }>;
}

export interface Translator {
  /** Provider name, part of the translation cache key: "pseudo", "azure", "apertium". */
  readonly name: string;
  /** Longest single segment, in characters of its text, the provider accepts; the pipeline splits longer ones. */
  readonly maxSegmentChars: number;
  translate(request: TranslateRequest): Promise<TranslateResult>;
  /**
   * What `translate(request)` will be billed, known before sending: budgets reserve it and dry runs report
   * it. Absent: the characters of human text (`textLength`), which is what pseudo and apertium count.
   */
  chargeOf?(request: TranslateRequest): number;
  readonly documents?: DocumentTranslator;
}
