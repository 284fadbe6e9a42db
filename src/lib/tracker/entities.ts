import type { ProcessingMode } from '../config.js';

/** Shapes of the rows the tracker stores. Counters live on shard rows; everything else on the job row. */
/** `estimated`: a dry run's end; its files were planned and measured, never translated. */
export const TERMINAL_STATUSES = [
  'completed',
  'completed_with_errors',
  'failed',
  'cancelled',
  'estimated',
] as const;
export const JOB_STATUSES = ['queued', 'processing', ...TERMINAL_STATUSES] as const;
export type JobStatusValue = (typeof JOB_STATUSES)[number];
export const ITEM_STATUSES = ['queued', 'succeeded', 'failed', 'cancelled'] as const;
export type ItemStatusValue = (typeof ITEM_STATUSES)[number];
export type ItemOutcomeStatus = Exclude<ItemStatusValue, 'queued'>;

export const isTerminal = (status: string): boolean =>
  (TERMINAL_STATUSES as readonly string[]).includes(status);

// A type alias, not an interface, so it satisfies the tables SDK's index-signature constraint.
export type JobRow = {
  partitionKey: string;
  rowKey: string;
  etag?: string;
  timestamp?: string;
  source_container: string;
  target_container: string;
  target_languages: string; // JSON array
  source_language?: string;
  prefix?: string;
  extensions?: string; // JSON array
  callback_url?: string;
  /** JSON: target language → (term → translation), merged from the request and its glossary_blob. */
  glossary?: string;
  glossary_blob?: string;
  /** A TMX file in the source container, read at submission; its index is the blob named next. */
  translation_memory_blob?: string;
  /** The job's exact-match index in the memory container (src/lib/tmx/tmxIndexStore.ts). */
  translation_memory_index?: string;
  /** JSON array of terms kept verbatim. */
  no_translate?: string;
  /** Outputs mark the app's translations as needing review (PO `fuzzy`, XLIFF target states). */
  mark_as_draft?: boolean;
  /** Units a person edited in existing targets are re-translated rather than kept (src/lib/memory). */
  overwrite_edits?: boolean;
  /** Webhook bookkeeping (src/lib/webhooks): when its message was queued, when a 2xx came back, the last failure. */
  callback_queued_at?: string;
  callback_delivered_at?: string;
  callback_error?: string;
  /** Absent on rows written before durable mode existed: those are queue jobs. */
  mode?: ProcessingMode;
  status: JobStatusValue;
  created_at: string;
  updated_at: string;
  completed_at?: string;
  index_row: string;
  shards: number;
  total: number;
  planning_done: boolean;
  plan_page: number;
  plan_cursor?: string;
  pending_page?: number;
  pending_next_cursor?: string;
  /** The token of the plan message that counted the pending page: only it hands the page on. */
  pending_by?: string;
  /**
   * The token of the plan message holding the job's next page back until the translation queue drains: while
   * set, only that message may plan on. Counting or moving past a page clears it.
   */
  waiting_by?: string;
  cancel_requested: boolean;
  cancel_requested_at?: string;
  error_code?: string;
  error_message?: string;
  /** The hand-off to planning or the orchestration (src/lib/tracker/handoff.ts): claimed when, done when. */
  handoff_claimed_at?: string;
  handed_off_at?: string;
  /** Set at close: succeeded items whose output was not in the target container then. */
  outputs_missing?: number;
  /** Retries of failed items (src/lib/jobs/retryJob.ts): the latest round, absent before any. */
  retry_round?: number;
  /** The latest round is still queueing its items: the job cannot close until it is done. */
  retrying?: boolean;
  /** Where the latest round's listing of item rows goes on (a continuation token; '' at the start). */
  retry_cursor?: string;
  retry_include_cancelled?: boolean;
  /** The retry message that holds the round's turn while it waits for the translation queue (holdRetry). */
  retry_waiting_by?: string;
  /** The retry message that owns the round's current page until it moves the cursor (claimRetryPage). */
  retry_pending_by?: string;
  /** A dry run: items are measured (segments, characters) instead of translated; ends `estimated`. */
  dry_run?: boolean;
  /** The most characters the job may be charged; the budget row holds what is reserved. */
  max_characters?: number;
  /** The price a dry run's estimate uses, fixed when the job was accepted. */
  price_per_million_characters?: number;
  price_currency?: string;
  /** JSON: a dry run's totals per target language, written when it ends. */
  estimate?: string;
};

// A type alias, not an interface, so it satisfies the tables SDK's index-signature constraint.
export type ShardRow = {
  partitionKey: string;
  rowKey: string;
  etag?: string;
  timestamp?: string;
  succeeded: number;
  failed: number;
  cancelled: number;
  characters: number;
  /** What the segment memory's reused segments would have cost (absent on shards written before it). */
  characters_saved?: number;
};

// A type alias, not an interface, so it satisfies the tables SDK's index-signature constraint.
export type BudgetRow = {
  partitionKey: string;
  rowKey: string;
  etag?: string;
  max_characters: number;
  /** Characters taken from the budget: charged, in flight, or held by a worker process for its next calls. */
  reserved: number;
};

// A type alias, not an interface, so it satisfies the tables SDK's index-signature constraint.
export type ItemRow = {
  partitionKey: string;
  rowKey: string;
  etag?: string;
  timestamp?: string;
  source_path: string;
  target_language: string;
  target_path: string;
  page: number;
  size: number;
  content_type?: string;
  status?: ItemOutcomeStatus; // absent while queued: the planner may rewrite a row without regressing it
  error_code?: string;
  error_message?: string;
  characters_charged?: number;
  /** '' or absent: translated; `kept`/`copied`: an earlier identical output was reused. */
  cache?: string;
  detected_language?: string;
  /** JSON arrays of glossary terms: found in the source, and whose translation the output lacks. */
  glossary_terms_found?: string;
  glossary_misses?: string;
  attempts?: number;
  /** The retry round the item was last queued in (absent: never retried). */
  retry_round?: number;
  last_error_code?: string;
  last_error_message?: string;
  updated_at?: string;
  /** The segment memory's account of a translated text file (absent before it, and for whole documents). */
  segments?: number;
  segments_reused?: number;
  edits_kept?: number;
  /** A dry run's measurement: segments and characters the provider would be sent. */
  estimated_segments?: number;
  estimated_characters?: number;
  /** A document the provider meters itself: counted as a file, its characters unknown before sending. */
  estimate_unmeasured?: boolean;
};

export interface Counts {
  succeeded: number;
  failed: number;
  cancelled: number;
  characters: number;
}

export function sumShards(shards: readonly ShardRow[]): Counts {
  const counts: Counts = { succeeded: 0, failed: 0, cancelled: 0, characters: 0 };
  for (const shard of shards) {
    counts.succeeded += shard.succeeded;
    counts.failed += shard.failed;
    counts.cancelled += shard.cancelled;
    counts.characters += shard.characters;
  }
  return counts;
}

/** What the segment memory saved the job: the characters its reused segments would have been charged. */
export const charactersSavedOf = (shards: readonly ShardRow[]): number =>
  shards.reduce((n, shard) => n + (shard.characters_saved ?? 0), 0);
