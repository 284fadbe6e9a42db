import { z } from 'zod';
import {
  MAX_BLOB_NAME_CHARS,
  MAX_CONTAINER_NAME_CHARS,
  MAX_CONTENT_TYPE_CHARS,
  MAX_LANGUAGE_TAG_CHARS,
  MIN_CONTAINER_NAME_CHARS,
  MIN_LANGUAGE_TAG_CHARS,
} from './limits.js';
import { ITEM_KEY_PATTERN, MAX_RETRY_ROUNDS } from './tracker/keys.js';

const languageTag = z.string().min(MIN_LANGUAGE_TAG_CHARS).max(MAX_LANGUAGE_TAG_CHARS);

/** Queue message bodies. Every consumer validates with these before acting on a message. */
export const planMessageSchema = z
  .object({
    kind: z.literal('plan'),
    job_id: z.uuid(),
    /**
     * Names this message across redeliveries: the page it counts is handed on only by a message with the same
     * token, so a second plan message for the job never re-sends that page's items. Absent on old messages.
     */
    token: z.string().min(1).max(64).optional(),
    /** Sent by a cancel, delayed by CANCEL_GRACE_SECONDS: counts cancelled what no message settled by then. */
    cancel_sweep: z.literal(true).optional(),
    /**
     * The target languages the segment memory held no map of the job's source container in when its first
     * page was planned: carried from page to page, since the maps the job's own items write since (which it
     * never reuses) must not make later pages read theirs.
     */
    memory_empty: z.array(languageTag).max(100).optional(),
  })
  .strict();
export type PlanMessage = z.infer<typeof planMessageSchema>;

/**
 * Re-queues a job's failed items as retry `round` (POST /api/jobs/{id}/retry), one page of item rows per
 * invocation, on the plan queue; the job row holds where it got to, so a redelivered message resumes.
 */
export const retryMessageSchema = z
  .object({
    kind: z.literal('retry'),
    job_id: z.uuid(),
    round: z.number().int().min(1).max(MAX_RETRY_ROUNDS),
    /**
     * Names this message: only the message that claimed a page queues its items and moves the round on
     * (claimRetryPage), and while the round waits for the translation queue only the delayed message recorded
     * as holding it queues on (holdRetry). Absent only on messages sent before page claims existed.
     */
    token: z.uuid().optional(),
  })
  .strict();
export type RetryMessage = z.infer<typeof retryMessageSchema>;

/** A completion webhook to deliver; `attempt` counts deliveries tried so far (absent: none). */
export const webhookMessageSchema = z
  .object({
    kind: z.literal('webhook'),
    job_id: z.uuid(),
    attempt: z.number().int().min(0).max(100).optional(),
  })
  .strict();
export type WebhookMessage = z.infer<typeof webhookMessageSchema>;

const containerName = z.string().min(MIN_CONTAINER_NAME_CHARS).max(MAX_CONTAINER_NAME_CHARS);
const blobName = z.string().min(1).max(MAX_BLOB_NAME_CHARS);

/** Carries everything the worker needs, so it never re-reads what planning already knew. */
export const translateItemMessageSchema = z
  .object({
    kind: z.literal('translate'),
    job_id: z.uuid(),
    item_key: z.string().regex(ITEM_KEY_PATTERN),
    source_container: containerName,
    source_path: blobName,
    target_container: containerName,
    target_path: blobName,
    target_language: languageTag,
    source_language: languageTag.optional(),
    content_type: z.string().max(MAX_CONTENT_TYPE_CHARS).optional(),
    size: z.number().int().min(0),
    /** Seconds this item has waited so far at a provider's request (retry-later fate, see fate.ts). */
    deferred_seconds: z.number().int().min(0).optional(),
    /**
     * Which retry of the item this is (absent: the first run). An outcome is recorded once per round, so a
     * stale message of an earlier round can never count again (src/lib/tracker/outcomeRecorder.ts).
     */
    retry_round: z.number().int().min(1).max(MAX_RETRY_ROUNDS).optional(),
    /**
     * Set by the planner when the segment memory held no map of this source container in this target
     * language as the job's first page was planned (each page, for dry runs and durable mode; see
     * languagesWithoutMemory): the item does not look for its own map. Retries are sent without it.
     */
    memory_empty: z.literal(true).optional(),
  })
  .strict();
export type TranslateItemMessage = z.infer<typeof translateItemMessageSchema>;
