/** What every translation provider offers the pipeline: translate a list of segments into one language. */
export interface TranslateRequest {
  segments: readonly string[];
  to: string;
  from?: string;
}

export interface TranslateResult {
  segments: string[];
  /** Characters the provider bills for this call. */
  charactersCharged: number;
}

export interface Translator {
  readonly name: string;
  translate(request: TranslateRequest): Promise<TranslateResult>;
}
