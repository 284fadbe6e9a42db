import { z } from 'zod';
import { PROCESSING_MODES, type ProcessingMode } from '../config.js';
import { ValidationError } from '../errors.js';
import { MAX_TERM_CHARS, type Glossary } from '../glossary/glossary.js';
import { glossarySchema } from '../glossary/glossarySchema.js';
import { illFormedStrings } from '../http/illFormedStrings.js';
import {
  MAX_CONTAINER_NAME_CHARS,
  MAX_LANGUAGE_TAG_CHARS,
  MAX_PREFIX_CHARS,
  MIN_CONTAINER_NAME_CHARS,
} from '../limits.js';

export const MAX_TARGET_LANGUAGES = 10;
/** max_characters stays within the table's 32-bit integers; two billion characters is far past any job. */
export const MAX_BUDGET_CHARACTERS = 2_000_000_000;

// Azure container names: 3-63 chars of lowercase letters, digits and single inner hyphens.
const containerName = z
  .string()
  .min(MIN_CONTAINER_NAME_CHARS)
  .max(MAX_CONTAINER_NAME_CHARS)
  .regex(
    /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9]))*$/,
    'must be 3-63 lowercase letters, digits or single hyphens, starting and ending with a letter or digit',
  );

// BCP 47 tags as Translator uses them: en, fr-CA, zh-Hans, sr-Latn-RS, tlh-Latn.
export const languageCode = z
  .string()
  .max(MAX_LANGUAGE_TAG_CHARS)
  .regex(
    /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,2}$/,
    'must be a language code such as "es", "pt-BR" or "zh-Hans"',
  );

const prefix = z
  .string()
  .max(MAX_PREFIX_CHARS)
  .refine((p) => !p.startsWith('/'), 'must not start with "/"')
  .refine(
    (p) => !p.split('/').some((segment) => segment === '..' || segment === '.'),
    'must not contain "." or ".." segments',
  )
  .refine((p) => !/[\\\p{Cc}]/u.test(p), 'must not contain backslashes or control characters');

const extension = z
  .string()
  .regex(/^\.?[A-Za-z0-9][A-Za-z0-9_-]{0,15}$/, 'must be a file extension such as ".md"')
  .transform((e) => (e.startsWith('.') ? e : `.${e}`).toLowerCase());

const term = z.string().min(1).max(MAX_TERM_CHARS);

// Source-container blob names: the same rules as a prefix, and a CSV or TSV file.
const glossaryBlob = prefix
  .refine((p) => p.length > 0, 'must name a blob')
  .refine((p) => /\.(csv|tsv)$/i.test(p), 'must be a .csv or .tsv file');

// A TMX file in the source container, by the same naming rules.
const translationMemoryBlob = prefix
  .refine((p) => p.length > 0, 'must name a blob')
  .refine((p) => /\.tmx$/i.test(p), 'must be a .tmx file');

const callbackUrl = z.url({ protocol: /^https?$/ }).max(2048);

const jobRequestSchema = z
  .object({
    source_container: containerName,
    target_container: containerName,
    target_languages: z.array(languageCode).min(1).max(MAX_TARGET_LANGUAGES).optional(),
    target_language: languageCode.optional(),
    source_language: languageCode.optional(),
    prefix: prefix.optional(),
    extensions: z.array(extension).min(1).max(50).optional(),
    callback_url: callbackUrl.optional(),
    mode: z.enum(PROCESSING_MODES).optional(),
    glossary: glossarySchema(
      languageCode,
      term,
      z
        .string()
        .min(1)
        .max(2 * MAX_TERM_CHARS),
    ).optional(),
    glossary_blob: glossaryBlob.optional(),
    translation_memory_blob: translationMemoryBlob.optional(),
    no_translate: z.array(term).max(1000).optional(),
    mark_as_draft: z.boolean().optional(),
    overwrite_edits: z.boolean().optional(),
    dry_run: z.boolean().optional(),
    max_characters: z.number().int().min(1).max(MAX_BUDGET_CHARACTERS).optional(),
  })
  .strict();

export interface JobRequest {
  sourceContainer: string;
  targetContainer: string;
  targetLanguages: string[];
  sourceLanguage?: string;
  prefix: string;
  extensions?: string[];
  callbackUrl?: string;
  /** Absent: the app's PROCESSING_MODE decides. */
  mode?: ProcessingMode;
  /** Target language → (term → translation), as given in the request. */
  glossary?: Glossary;
  /** A CSV/TSV glossary in the source container, merged under `glossary` at submission. */
  glossaryBlob?: string;
  /** A TMX file in the source container whose exact matches are used before the provider. */
  translationMemoryBlob?: string;
  noTranslate?: string[];
  /** Outputs mark what the app wrote as needing review, where the format has such a mark (PO, XLIFF). */
  markAsDraft?: boolean;
  /** Re-translate units a person edited in existing targets instead of keeping them (src/lib/memory). */
  overwriteEdits?: boolean;
  /** Plan and measure, translate nothing: the job ends `estimated`. */
  dryRun?: boolean;
  /** The most characters the job may be charged. */
  maxCharacters?: number;
}

/** Every validation error's `details`: one entry per offending field. */
export interface FieldProblem {
  field: string;
  message: string;
}

function zodDetails(error: z.ZodError): FieldProblem[] {
  return error.issues.flatMap((issue): FieldProblem[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: key, message: 'is not a known field' }))
      : [{ field: issue.path.join('.') || '(body)', message: issue.message }],
  );
}

/** Output for language L of a blob named N is `L/N`; with one container, that must never match the input prefix. */
export function outputCanBeReadAsInput(prefixValue: string, languages: readonly string[]): boolean {
  return languages.some((language) => `${language}/${prefixValue}`.startsWith(prefixValue));
}

export function parseJobRequest(body: unknown, options: { allowHttpLoopbackCallbacks: boolean }): JobRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationError('The request body must be a JSON object.');
  }
  const illFormed = illFormedStrings(body);
  if (illFormed.length > 0) {
    const summary = illFormed.map((d) => `${d.field}: ${d.message}`).join('; ');
    throw new ValidationError(`Invalid job request: ${summary}`, illFormed);
  }
  const parsed = jobRequestSchema.safeParse(body);
  if (!parsed.success) {
    const details = zodDetails(parsed.error);
    const summary = details.map((d) => `${d.field}: ${d.message}`).join('; ');
    throw new ValidationError(`Invalid job request: ${summary}`, details);
  }
  const r = parsed.data;
  const problems: FieldProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });
  if (r.target_languages && r.target_language) {
    problem('target_language', 'give either target_languages or target_language, not both');
  }
  const targetLanguages = r.target_languages ?? (r.target_language ? [r.target_language] : []);
  if (targetLanguages.length === 0) problem('target_languages', 'at least one target language is required');
  if (new Set(targetLanguages.map((l) => l.toLowerCase())).size !== targetLanguages.length) {
    problem('target_languages', 'must not repeat a language');
  }
  const source = r.source_language?.toLowerCase();
  if (source && targetLanguages.some((l) => l.toLowerCase() === source)) {
    problem('source_language', 'must not also be a target language');
  }
  const targets = new Set(targetLanguages.map((l) => l.toLowerCase()));
  for (const language of Object.keys(r.glossary ?? {})) {
    if (!targets.has(language.toLowerCase()))
      problem(`glossary.${language}`, 'is not one of the target languages');
  }
  const prefixValue = r.prefix ?? '';
  if (r.source_container === r.target_container && outputCanBeReadAsInput(prefixValue, targetLanguages)) {
    problem(
      'target_container',
      'equals source_container and outputs (<language>/<name>) would be read again as input; use another container or a prefix such as "docs/"',
    );
  }
  if (r.callback_url) {
    const url = new URL(r.callback_url);
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    if (url.protocol !== 'https:' && !(loopback && options.allowHttpLoopbackCallbacks)) {
      problem('callback_url', 'must use https');
    }
  }
  if (problems.length > 0) {
    const summary = problems.map((d) => `${d.field}: ${d.message}`).join('; ');
    throw new ValidationError(`Invalid job request: ${summary}`, problems);
  }
  return {
    sourceContainer: r.source_container,
    targetContainer: r.target_container,
    targetLanguages,
    ...(r.source_language ? { sourceLanguage: r.source_language } : {}),
    prefix: prefixValue,
    ...(r.extensions ? { extensions: [...new Set(r.extensions)] } : {}),
    ...(r.callback_url ? { callbackUrl: r.callback_url } : {}),
    ...(r.mode ? { mode: r.mode } : {}),
    ...(r.glossary ? { glossary: r.glossary } : {}),
    ...(r.glossary_blob ? { glossaryBlob: r.glossary_blob } : {}),
    ...(r.translation_memory_blob ? { translationMemoryBlob: r.translation_memory_blob } : {}),
    ...(r.no_translate ? { noTranslate: [...new Set(r.no_translate)] } : {}),
    ...(r.mark_as_draft ? { markAsDraft: true } : {}),
    ...(r.overwrite_edits ? { overwriteEdits: true } : {}),
    ...(r.dry_run ? { dryRun: true } : {}),
    ...(r.max_characters !== undefined ? { maxCharacters: r.max_characters } : {}),
  };
}
