/**
 * The exact-match index of a job's translation memory: for each of the job's target languages, source text →
 * translation, taken from the TMX's units for the job's language pairs only. Matching ignores white-space
 * differences (TMX files often wrap long segments over several indented lines), so keys and translations
 * hold their text with each run of white space made one space and the ends trimmed.
 */
import { z } from 'zod';
import type { TmxDocument, TmxVariant } from './parseTmx.js';

export const tmxIndexSchema = z.object({
  version: z.literal(1),
  /** Job target language (as the job spells it) → [source text, translation] pairs. */
  targets: z.record(z.string(), z.array(z.tuple([z.string(), z.string()]))),
});
export type TmxIndexFile = z.infer<typeof tmxIndexSchema>;

/** The lookup form of the index, built once per process per job. */
export type TmxIndex = ReadonlyMap<string, ReadonlyMap<string, string>>;

export const normalizeSpace = (text: string): string => text.replace(/\s+/gu, ' ').trim();

/**
 * Whether a TMX language tag serves a job's language: equal ignoring case, or one a more specific form of
 * the other at a subtag boundary ("es" and "es-ES", "EN-GB" and "en"); "pt-BR" and "pt-PT" do not match.
 */
export function languageServes(jobTag: string, tmxTag: string): 'exact' | 'related' | undefined {
  const a = jobTag.toLowerCase();
  const b = tmxTag.toLowerCase();
  if (a === b) return 'exact';
  if (b.startsWith(`${a}-`) || a.startsWith(`${b}-`)) return 'related';
  return undefined;
}

/** The unit's variant for a language: an exact tag first, else the first related one. */
function variantFor(variants: readonly TmxVariant[], language: string): TmxVariant | undefined {
  let related: TmxVariant | undefined;
  for (const variant of variants) {
    const match = languageServes(language, variant.language);
    if (match === 'exact') return variant;
    if (match === 'related') related ??= variant;
  }
  return related;
}

export interface IndexOptions {
  targetLanguages: readonly string[];
  /** The job's source_language; absent, the unit's or header's srclang decides. */
  sourceLanguage?: string;
}

/**
 * The variants a unit is translated from, for one target: the job's source language when it names one; else
 * the unit's (or header's) srclang; with `*all*` or no srclang at all, every variant not in the target
 * language, since the provider would detect whichever language a file is in.
 */
function sourcesOf(
  variants: readonly TmxVariant[],
  target: TmxVariant,
  targetLanguage: string,
  declared: string | undefined,
): TmxVariant[] {
  if (declared && declared !== '*all*') {
    const source = variantFor(variants, declared);
    return source && source !== target ? [source] : [];
  }
  return variants.filter((v) => v !== target && !languageServes(targetLanguage, v.language));
}

export interface BuiltIndex {
  file: TmxIndexFile;
  /** Pairs kept, over all target languages. */
  pairs: number;
}

/**
 * Keeps only the job's language pairs. When one source text has several translations, the unit that comes
 * last in the file wins (a file's later units are usually its later revisions).
 */
export function buildTmxIndex(document: TmxDocument, options: IndexOptions): BuiltIndex {
  const targets: Record<string, [string, string][]> = {};
  let pairs = 0;
  for (const language of options.targetLanguages) {
    const entries = new Map<string, string>();
    for (const unit of document.units) {
      const target = variantFor(unit.variants, language);
      if (!target) continue;
      const translation = normalizeSpace(target.text);
      if (translation === '') continue;
      const declared = options.sourceLanguage ?? unit.sourceLanguage ?? document.sourceLanguage;
      for (const source of sourcesOf(unit.variants, target, language, declared)) {
        const key = normalizeSpace(source.text);
        if (key === '') continue;
        entries.delete(key);
        entries.set(key, translation);
      }
    }
    targets[language] = [...entries];
    pairs += entries.size;
  }
  return { file: { version: 1, targets }, pairs };
}

/** The index file as lookups, one per target language (keys lower-cased, as requests may spell it). */
export function indexLookup(file: TmxIndexFile): TmxIndex {
  return new Map(
    Object.entries(file.targets).map(([language, entries]) => [language.toLowerCase(), new Map(entries)]),
  );
}
