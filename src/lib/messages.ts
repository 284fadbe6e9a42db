import { z } from 'zod';
import { ITEM_KEY_PATTERN, MAX_RETRY_ROUNDS } from './tracker/keys.js';

/** Queue message bodies. Every consumer validates with these before acting on a message. */
export const planMessageSchema = z.object({ kind: z.literal('plan'), job_id: z.uuid() }).strict();
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

/** Carries everything the worker needs, so it never re-reads what planning already knew. */
export const translateItemMessageSchema = z
  .object({
    kind: z.literal('translate'),
    job_id: z.uuid(),
    item_key: z.string().regex(ITEM_KEY_PATTERN),
    source_container: z.string().min(3).max(63),
    source_path: z.string().min(1).max(1024),
    target_container: z.string().min(3).max(63),
    target_path: z.string().min(1).max(1024),
    target_language: z.string().min(2).max(20),
    source_language: z.string().min(2).max(20).optional(),
    content_type: z.string().max(256).optional(),
    size: z.number().int().min(0),
    /** Seconds this item has waited so far at a provider's request (retry-later fate, see fate.ts). */
    deferred_seconds: z.number().int().min(0).optional(),
    /**
     * Which retry of the item this is (absent: the first run). An outcome is recorded once per round, so a
     * stale message of an earlier round can never count again (src/lib/tracker/outcomeRecorder.ts).
     */
    retry_round: z.number().int().min(1).max(MAX_RETRY_ROUNDS).optional(),
  })
  .strict();
export type TranslateItemMessage = z.infer<typeof translateItemMessageSchema>;
