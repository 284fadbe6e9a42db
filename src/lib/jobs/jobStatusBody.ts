import type { ProcessingMode } from '../config.js';
import { charactersSavedOf, sumShards, type ItemRow } from '../tracker/entities.js';
import type { Job } from '../tracker/jobRecord.js';
import type { JobSnapshot } from '../tracker/readJobSnapshot.js';
import {
  toEstimateBody,
  toFileEstimateBody,
  type EstimateBody,
  type FileEstimateBody,
} from './estimateBody.js';

/** The public shape of a job, as returned by every job endpoint. */
export interface JobStatusBody {
  job_id: string;
  status: Job['status'];
  mode: ProcessingMode;
  total_files: number;
  processed_files: number;
  succeeded_files: number;
  failed_files: number;
  cancelled_files: number;
  characters_charged: number;
  /** What the segments reused from the segment memory would have been charged (src/lib/memory). */
  characters_saved: number;
  source_container: string;
  target_container: string;
  target_languages: string[];
  source_language: string | null;
  prefix: string;
  extensions: string[] | null;
  /** Glossary entries per target language (inline and glossary_blob merged), or null without a glossary. */
  glossary_terms: Record<string, number> | null;
  glossary_blob: string | null;
  /** The TMX file whose exact matches the job uses before the provider, or null. */
  translation_memory_blob: string | null;
  no_translate: string[];
  /** Outputs mark the app's translations as needing review (PO fuzzy, XLIFF states). */
  mark_as_draft: boolean;
  /** Units a person edited in existing targets are re-translated instead of kept. */
  overwrite_edits: boolean;
  planning_complete: boolean;
  cancel_requested: boolean;
  /** How many times failed files were retried (POST /api/jobs/{id}/retry); 0 before any retry. */
  retry_round: number;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
  /**
   * Succeeded files whose output was not in the target container when the job closed (deleted, or the
   * container removed mid-job); null until the job closes.
   */
  outputs_missing: number | null;
  error: { code: string; message: string } | null;
  /** The completion webhook (callback_url): null when the job has none. */
  callback: { url: string; delivered_at: string | null; error: string | null } | null;
  /** A dry run: files are measured, not translated, and the job ends `estimated`. */
  dry_run: boolean;
  /** The most characters the job may be charged, or null without a budget. */
  max_characters: number | null;
  /** A dry run's totals once it is `estimated`; null otherwise. */
  estimate: EstimateBody | null;
}

const glossaryTermCounts = (glossary: NonNullable<Job['glossary']>): Record<string, number> =>
  Object.fromEntries(
    Object.entries(glossary).map(([language, terms]) => [language, Object.keys(terms).length]),
  );

const latest = (a: string, b: string | undefined): string => (b && b > a ? b : a);

export function toJobStatusBody({ job, shards }: JobSnapshot): JobStatusBody {
  const counts = sumShards(shards);
  let updatedAt = job.updated_at;
  for (const shard of shards)
    updatedAt = latest(updatedAt, shard.timestamp && new Date(shard.timestamp).toISOString());
  return {
    job_id: job.partitionKey,
    status: job.status,
    mode: job.mode,
    total_files: job.total,
    processed_files: counts.succeeded + counts.failed + counts.cancelled,
    succeeded_files: counts.succeeded,
    failed_files: counts.failed,
    cancelled_files: counts.cancelled,
    characters_charged: counts.characters,
    characters_saved: charactersSavedOf(shards),
    source_container: job.source_container,
    target_container: job.target_container,
    target_languages: job.target_languages,
    source_language: job.source_language || null,
    prefix: job.prefix ?? '',
    extensions: job.extensions ?? null,
    glossary_terms: job.glossary ? glossaryTermCounts(job.glossary) : null,
    glossary_blob: job.glossary_blob || null,
    translation_memory_blob: job.translation_memory_blob || null,
    no_translate: job.no_translate ?? [],
    mark_as_draft: job.mark_as_draft === true,
    overwrite_edits: job.overwrite_edits === true,
    planning_complete: job.planning_done,
    cancel_requested: job.cancel_requested,
    retry_round: job.retry_round ?? 0,
    created_at: job.created_at,
    updated_at: updatedAt,
    completed_at: job.completed_at || null,
    outputs_missing: job.outputs_missing ?? null,
    error: job.error_code ? { code: job.error_code, message: job.error_message ?? '' } : null,
    callback: job.callback_url
      ? {
          url: job.callback_url,
          delivered_at: job.callback_delivered_at || null,
          error: job.callback_error || null,
        }
      : null,
    dry_run: job.dry_run ?? false,
    max_characters: job.max_characters ?? null,
    estimate: toEstimateBody(job),
  };
}

export interface FileStatusBody {
  source_path: string;
  target_language: string;
  target_path: string;
  status: 'queued' | 'succeeded' | 'failed' | 'cancelled';
  error: { code: string; message: string } | null;
  characters_charged: number;
  /**
   * The file's segments, those answered by the segment memory at no charge (edits kept included) and the
   * units a person edited in the existing target that were kept; null when the file was not translated
   * segment by segment (an output reused whole, a whole document, a dry run, the memory turned off).
   */
  segments: number | null;
  segments_reused: number | null;
  edits_kept: number | null;
  /** `kept`: the target already held this exact translation; `copied`: reused from another output. */
  cache: 'kept' | 'copied' | null;
  /** The language the provider detected, when the job named no source_language. */
  detected_language: string | null;
  /** Glossary terms found in the source; null when the file had none or was not translated (reused, document). */
  glossary_terms_found: string[] | null;
  /** Of those, the terms whose required translation is missing from the output. */
  glossary_misses: string[] | null;
  attempts: number;
  updated_at: string | null;
  /** A dry run's measurement of this file; null for translated files. */
  estimate: FileEstimateBody | null;
}

/** Items still queued when their job was cancelled are reported as cancelled: that is how they are counted. */
export function toFileStatusBody(
  item: ItemRow,
  job: Pick<Job, 'status' | 'price_per_million_characters' | 'price_currency'>,
): FileStatusBody {
  const status = item.status ?? (job.status === 'cancelled' ? 'cancelled' : 'queued');
  return {
    source_path: item.source_path,
    target_language: item.target_language,
    target_path: item.target_path,
    status,
    error: item.error_code ? { code: item.error_code, message: item.error_message ?? '' } : null,
    characters_charged: item.characters_charged ?? 0,
    segments: item.segments ?? null,
    segments_reused: item.segments_reused ?? null,
    edits_kept: item.edits_kept ?? null,
    cache: item.cache === 'kept' || item.cache === 'copied' ? item.cache : null,
    detected_language: item.detected_language || null,
    glossary_terms_found: termList(item.glossary_terms_found),
    glossary_misses: termList(item.glossary_misses),
    attempts: item.attempts ?? 0,
    updated_at: item.updated_at ?? (item.timestamp ? new Date(item.timestamp).toISOString() : null),
    estimate: toFileEstimateBody(item, job),
  };
}

/** A stored JSON list of terms; an empty or unreadable cell reads as no report. */
function termList(stored: string | undefined): string[] | null {
  if (!stored) return null;
  try {
    const parsed: unknown = JSON.parse(stored);
    return Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === 'string') : null;
  } catch {
    return null;
  }
}
