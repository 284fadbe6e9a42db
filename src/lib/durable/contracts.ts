/**
 * What the orchestration and its activities pass each other. Everything here is recorded in the
 * orchestration's history, so it is plain JSON; activities validate what they receive.
 */
import { z } from 'zod';
import type { TranslateItemMessage } from '../messages.js';
import { translateItemMessageSchema } from '../messages.js';
import type { ItemOutcomeStatus, JobStatusValue } from '../tracker/entities.js';

export const retryPolicySchema = z
  .object({ first_retry_interval_ms: z.number().int().min(1), max_attempts: z.number().int().min(1) })
  .strict();
export type RetryPolicy = z.infer<typeof retryPolicySchema>;

/** The orchestration's own tally, carried across `continueAsNew`; the job tracker stays the truth. */
export const durableCountsSchema = z
  .object({
    planned: z.number().int().min(0),
    succeeded: z.number().int().min(0),
    failed: z.number().int().min(0),
    cancelled: z.number().int().min(0),
    /** Items whose activity found the job gone or already finished: nothing was recorded for them. */
    skipped: z.number().int().min(0),
    characters: z.number().int().min(0),
  })
  .strict();
export type DurableCounts = z.infer<typeof durableCountsSchema>;

export const ZERO_COUNTS: DurableCounts = {
  planned: 0,
  succeeded: 0,
  failed: 0,
  cancelled: 0,
  skipped: 0,
  characters: 0,
};

/** One episode's input: the page to plan next, where its listing starts, and the totals so far. */
export const translateJobInputSchema = z
  .object({
    job_id: z.uuid(),
    page: z.number().int().min(0),
    cursor: z.string().min(1).optional(),
    counts: durableCountsSchema,
    max_parallel: z.number().int().min(1),
    retry: retryPolicySchema,
  })
  .strict();
export type TranslateJobInput = z.infer<typeof translateJobInputSchema>;

export const planPageInputSchema = z
  .object({ job_id: z.uuid(), page: z.number().int().min(0), cursor: z.string().min(1).optional() })
  .strict();
export type PlanPageInput = z.infer<typeof planPageInputSchema>;

export type PlanPageResult =
  | {
      kind: 'page';
      page: number;
      items: TranslateItemMessage[];
      /** Items of the page recorded failed while planning (their output name is not a valid blob name). */
      failed_at_planning?: number;
      next_cursor?: string;
    }
  | { kind: 'stopped'; reason: 'cancelled' | 'failed' | 'finished' | 'unknown_job' };

/** What one item activity reports back: enough to keep the orchestration's tally and progress. */
export interface ItemActivityResult {
  status: ItemOutcomeStatus | 'skipped';
  error_code?: string;
  characters: number;
  /** The item already had an outcome (a re-executed activity): nothing new was counted. */
  duplicate: boolean;
}

export const failItemInputSchema = z
  .object({ message: translateItemMessageSchema, attempts: z.number().int().min(1) })
  .strict();
export type FailItemInput = z.infer<typeof failItemInputSchema>;

export const pageRefSchema = z.object({ job_id: z.uuid(), page: z.number().int().min(0) }).strict();
export type PageRef = z.infer<typeof pageRefSchema>;

export const jobRefSchema = z.object({ job_id: z.uuid() }).strict();
export type JobRef = z.infer<typeof jobRefSchema>;

export interface CancelRestResult {
  /** Items of the page that were never scheduled and are now counted cancelled. */
  cancelled: number;
}

/** The tracker's view of the job when the orchestration ends: its output, next to its own tally. */
export interface JobSummary {
  job_id: string;
  status: JobStatusValue | 'unknown';
  total_files: number;
  processed_files: number;
  succeeded_files: number;
  failed_files: number;
  cancelled_files: number;
  characters_charged: number;
  error: { code: string; message: string } | null;
}

export interface TranslateJobOutput {
  job: JobSummary;
  /** The orchestration's own tally over every page. */
  counts: DurableCounts;
  /** The page the orchestration was on when it ended (pages are numbered from 0). */
  last_page: number;
  cancelled_by_event: boolean;
}
