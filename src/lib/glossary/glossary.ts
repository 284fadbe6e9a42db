import { parse } from 'csv-parse/sync';
import { ValidationError } from '../errors.js';
import type { TermRules } from './applyTerms.js';

/** Target language → (term → translation). What a job stores and workers apply. */
export type Glossary = Record<string, Record<string, string>>;

/** Stored on the job row, which caps one property at 64 KiB: a larger glossary is refused at submission. */
export const MAX_GLOSSARY_CHARS = 30_000;
export const MAX_TERM_CHARS = 200;
export const MAX_GLOSSARY_BLOB_BYTES = 1024 * 1024;

/**
 * A glossary file: CSV (`.csv`) or TSV (`.tsv`) with a header row. The first column holds the source terms,
 * each further column is headed by a target language code and holds that language's translations; an empty
 * cell means "no entry for this language".
 *
 *   term,es,fr
 *   Blob Storage,Blob Storage,Stockage Blob
 */
export function parseGlossaryFile(
  text: string,
  path: string,
  languageCode: (code: string) => boolean,
): Glossary {
  const delimiter = path.toLowerCase().endsWith('.tsv') ? '\t' : ',';
  let rows: string[][];
  try {
    rows = parse(text.replace(/^\uFEFF/, ''), {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      ...(delimiter === '\t' ? { quote: false } : {}),
    });
  } catch (error) {
    throw new ValidationError(
      `glossary_blob "${path}" is not valid ${delimiter === '\t' ? 'TSV' : 'CSV'}: ${(error as Error).message}`,
      [{ field: 'glossary_blob', message: (error as Error).message }],
      'invalid_glossary',
    );
  }
  const [header, ...entries] = rows;
  const languages = (header ?? []).slice(1);
  const bad = languages.filter((code) => !languageCode(code));
  if (!header || languages.length === 0 || bad.length > 0) {
    throw new ValidationError(
      `glossary_blob "${path}" needs a header row "term${delimiter}<language>${delimiter}…" naming target languages${bad.length ? `; not language codes: ${bad.join(', ')}` : ''}.`,
      [{ field: 'glossary_blob', message: 'header row must be: term, then target language codes' }],
      'invalid_glossary',
    );
  }
  const glossary = new Map<string, Map<string, string>>();
  for (const row of entries) {
    const term = row[0];
    if (!term) continue;
    languages.forEach((language, i) => {
      const translation = row[i + 1];
      if (translation) termsOf(glossary, language).set(term, translation);
    });
  }
  return toGlossary(glossary);
}

/**
 * Terms are data: "__proto__" or "constructor" is a term like any other. So glossaries are built in Maps and
 * turned into objects with Object.fromEntries, which defines own properties, where assigning
 * `terms["__proto__"]` would set the object's prototype and lose the term.
 */
function termsOf(glossary: Map<string, Map<string, string>>, language: string): Map<string, string> {
  const terms = glossary.get(language) ?? new Map<string, string>();
  glossary.set(language, terms);
  return terms;
}

const toGlossary = (glossary: Map<string, Map<string, string>>): Glossary =>
  Object.fromEntries([...glossary].map(([language, terms]) => [language, Object.fromEntries(terms)]));

/** Blob entries first, then the request's own, so a term given inline overrides the file. */
export function mergeGlossaries(...glossaries: (Glossary | undefined)[]): Glossary {
  const merged = new Map<string, Map<string, string>>();
  for (const glossary of glossaries) {
    for (const [language, terms] of Object.entries(glossary ?? {})) {
      const into = termsOf(merged, language);
      for (const [term, translation] of Object.entries(terms)) into.set(term, translation);
    }
  }
  return toGlossary(merged);
}

/** Language codes are matched case-insensitively, as Translator does ("zh-hans" = "zh-Hans"). */
export function termRulesFor(
  glossary: Glossary | undefined,
  noTranslate: readonly string[] | undefined,
  language: string,
): TermRules {
  const entry = Object.entries(glossary ?? {}).find(
    ([code]) => code.toLowerCase() === language.toLowerCase(),
  );
  return { glossary: new Map(Object.entries(entry?.[1] ?? {})), noTranslate: noTranslate ?? [] };
}
