import { createHash } from 'node:crypto';
import type { TermRules } from '../glossary/applyTerms.js';

/** Everything that decides an output's bytes. Change any of it and the cached output no longer applies. */
export interface CacheKeyParts {
  contentSha256: string;
  targetLanguage: string;
  sourceLanguage?: string;
  provider: string;
  /** `<format id>@<rules version>`, or `document` for binary documents the provider translates whole. */
  format: string;
  terms: TermRules;
  /** Drafts carry review marks the same translation without them does not. */
  markAsDraft?: boolean;
}

// Bump when the pipeline itself changes what it writes, so no output from older rules is reused.
const PIPELINE_VERSION = 1;

export function cacheKeyOf(parts: CacheKeyParts): string {
  const glossary = [...parts.terms.glossary.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const noTranslate = [...new Set(parts.terms.noTranslate)].sort();
  const material = JSON.stringify([
    PIPELINE_VERSION,
    parts.contentSha256,
    parts.targetLanguage.toLowerCase(),
    parts.sourceLanguage?.toLowerCase() ?? '',
    parts.provider,
    parts.format,
    glossary,
    noTranslate,
    // Appended only when set, so every key computed before drafts existed still matches.
    ...(parts.markAsDraft ? ['draft'] : []),
  ]);
  return createHash('sha256').update(material).digest('hex');
}
