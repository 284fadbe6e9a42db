import { createHash } from 'node:crypto';
import type { TermRules } from '../glossary/applyTerms.js';

/** What, besides a segment's own source, decides its translation (the file cache's key, minus the content). */
export interface FingerprintParts {
  provider: string;
  targetLanguage: string;
  sourceLanguage?: string;
  /** `<format id>@<rules version>`: a change to what a format sends changes what was translated. */
  format: string;
  terms: TermRules;
  markAsDraft?: boolean;
}

// Bump when the memory's reuse rules change, so maps written under older rules are no longer reused.
const MEMORY_VERSION = 1;

/** A segment map is reused only by a run with the same fingerprint. */
export function memoryFingerprint(parts: FingerprintParts): string {
  const glossary = [...parts.terms.glossary.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const noTranslate = [...new Set(parts.terms.noTranslate)].sort();
  const material = JSON.stringify([
    MEMORY_VERSION,
    parts.provider,
    parts.targetLanguage.toLowerCase(),
    parts.sourceLanguage?.toLowerCase() ?? '',
    parts.format,
    glossary,
    noTranslate,
    parts.markAsDraft === true,
  ]);
  return createHash('sha256').update(material).digest('hex');
}

/** An item's fingerprint, as translating and dry runs both compute it. */
export const itemFingerprint = (
  translator: { name: string },
  message: { target_language: string; source_language?: string },
  file: { format: { id: string; version: number }; terms: TermRules; markAsDraft?: boolean },
): string =>
  memoryFingerprint({
    provider: translator.name,
    targetLanguage: message.target_language,
    ...(message.source_language ? { sourceLanguage: message.source_language } : {}),
    format: `${file.format.id}@${file.format.version}`,
    terms: file.terms,
    ...(file.markAsDraft ? { markAsDraft: true } : {}),
  });
