import { z } from 'zod';
import { PROCESSING_MODES } from '../config.js';
import { glossarySchema } from '../glossary/glossarySchema.js';
import { JOB_STATUSES, type JobRow } from './entities.js';

/** A column that holds JSON text: decoded, then checked against `inner`. */
const jsonColumn = <T extends z.ZodType>(inner: T) =>
  z
    .string()
    .transform((text, context) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        context.addIssue({ code: 'custom', message: 'is not JSON' });
        return z.NEVER;
      }
    })
    .pipe(inner);

/** A dry run's totals for one target language (cost is derived from the job's price when shown). */
export const languageEstimateSchema = z.object({
  files: z.number().int().min(0),
  segments: z.number().int().min(0),
  characters: z.number().int().min(0),
  /** Files whose characters the provider meters only when it translates them (whole documents). */
  unmeasured_files: z.number().int().min(0),
});
export type LanguageEstimate = z.output<typeof languageEstimateSchema>;
const estimateSchema = z.object({ by_language: z.record(z.string(), languageEstimateSchema) });
export type JobEstimate = z.output<typeof estimateSchema>;
// The tables SDK answers an empty string for a property written as '' and leaves an absent one out.
const optionalText = z.string().optional();

/**
 * The job row as the tracker reads it: decoded and checked once, when it leaves the table, so no caller
 * parses a JSON column again or trusts an unchecked cast.
 */
const jobSchema = z.object({
  partitionKey: z.string(),
  rowKey: z.string(),
  etag: optionalText,
  timestamp: optionalText,
  source_container: z.string(),
  target_container: z.string(),
  target_languages: jsonColumn(z.array(z.string()).min(1)),
  source_language: optionalText,
  prefix: optionalText,
  extensions: jsonColumn(z.array(z.string())).optional(),
  callback_url: optionalText,
  glossary: jsonColumn(glossarySchema(z.string(), z.string(), z.string())).optional(),
  glossary_blob: optionalText,
  translation_memory_blob: optionalText,
  translation_memory_index: optionalText,
  no_translate: jsonColumn(z.array(z.string())).optional(),
  mark_as_draft: z.boolean().optional(),
  overwrite_edits: z.boolean().optional(),
  callback_queued_at: optionalText,
  callback_delivered_at: optionalText,
  callback_error: optionalText,
  mode: z.enum(PROCESSING_MODES).default('queue'),
  status: z.enum(JOB_STATUSES),
  created_at: z.string(),
  updated_at: z.string(),
  completed_at: optionalText,
  index_row: z.string(),
  shards: z.number().int().min(1),
  total: z.number().int().min(0),
  planning_done: z.boolean(),
  plan_page: z.number().int().min(0),
  plan_cursor: optionalText,
  pending_page: z.number().int().optional(),
  pending_next_cursor: optionalText,
  pending_by: optionalText,
  waiting_by: optionalText,
  cancel_requested: z.boolean(),
  cancel_requested_at: optionalText,
  error_code: optionalText,
  error_message: optionalText,
  handoff_claimed_at: optionalText,
  handed_off_at: optionalText,
  outputs_missing: z.number().int().min(0).optional(),
  retry_round: z.number().int().min(0).optional(),
  retrying: z.boolean().optional(),
  retry_cursor: optionalText,
  retry_include_cancelled: z.boolean().optional(),
  retry_waiting_by: optionalText,
  retry_pending_by: optionalText,
  dry_run: z.boolean().optional(),
  max_characters: z.number().int().min(1).optional(),
  price_per_million_characters: z.number().min(0).optional(),
  price_currency: optionalText,
  estimate: jsonColumn(estimateSchema).optional(),
});

/** A job, decoded: what every module outside the tracker sees. */
export type Job = z.output<typeof jobSchema>;

/** Rows written before a column existed, or by hand, fail loudly here rather than deep in a worker. */
export function decodeJob(row: unknown): Job {
  const parsed = jobSchema.safeParse(row);
  if (parsed.success) return parsed.data;
  const id = (row as { partitionKey?: unknown } | null)?.partitionKey;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`The stored row of job ${String(id)} is not a valid job: ${problems.join('; ')}`);
}

/** The row a new job is written as: JSON columns encoded, absent fields left out. */
export function encodeJob(job: Job): JobRow {
  const { target_languages, extensions, glossary, no_translate, estimate, ...scalars } = job;
  return {
    ...scalars,
    ...(estimate ? { estimate: JSON.stringify(estimate) } : {}),
    target_languages: JSON.stringify(target_languages),
    ...(extensions ? { extensions: JSON.stringify(extensions) } : {}),
    ...(glossary ? { glossary: JSON.stringify(glossary) } : {}),
    ...(no_translate ? { no_translate: JSON.stringify(no_translate) } : {}),
  };
}
