import { describeError } from '../errors.js';
import { fateOf } from '../fate.js';
import { toJobStatusBody } from '../jobs/jobStatusBody.js';
import { webhookMessageSchema, type WebhookMessage } from '../messages.js';
import type { Services } from '../services.js';
import { encodeMessage } from '../storage/messageCodec.js';
import { isTerminal } from '../tracker/entities.js';
import type { Tracker } from '../tracker/tracker.js';
import { resolveCallbackTarget, type Resolver } from './callbackTarget.js';
import { postWebhook } from './postWebhook.js';
import { WEBHOOK_HEADERS, signBody } from './sign.js';

/** Deliveries tried before giving up: with the default 10 s base, retries span about 40 minutes. */
export const WEBHOOK_MAX_ATTEMPTS = 8;
const MAX_RETRY_DELAY_SECONDS = 3600;

export type WebhookOutcome =
  | { kind: 'invalid_message'; reason: string }
  | { kind: 'unknown_job'; jobId: string }
  | { kind: 'skipped'; jobId: string; reason: string }
  | { kind: 'delivered'; jobId: string; attempt: number; status: number }
  | { kind: 'retry_scheduled'; jobId: string; attempt: number; delaySeconds: number; error: string }
  | { kind: 'gave_up'; jobId: string; attempt: number; error: string; internalError?: Error };

export interface DeliveryOptions {
  resolve?: Resolver;
  post?: typeof postWebhook;
}

type WebhookDeps = Pick<Services, 'config' | 'webhookQueue' | 'now'> & {
  tracker: Pick<Tracker, 'readSnapshot' | 'recordWebhookState'>;
};

/** Delay before retry number `attempt` (1-based): base, 2 x base, 4 x base, ... capped at an hour. */
export const retryDelaySeconds = (baseSeconds: number, attempt: number): number =>
  Math.min(baseSeconds * 2 ** (attempt - 1), MAX_RETRY_DELAY_SECONDS);

/**
 * Delivers a job's completion webhook: its status body, POSTed once per attempt with an HMAC signature and
 * the job id as a stable delivery id. A 2xx is recorded (`callback_delivered_at`) and later messages for the
 * job are skipped. A failed attempt's fate (fate.ts) decides what follows: a permanent one (the address is
 * forbidden) or a bug ends delivery with `callback_error`; anything else schedules the next attempt with
 * exponential back-off (a new message, invisible for the delay) until WEBHOOK_MAX_ATTEMPTS. At-least-once: a
 * receiver may see a repeat (same delivery id) if recording the success fails.
 */
export async function deliverWebhook(
  deps: WebhookDeps,
  raw: unknown,
  options: DeliveryOptions = {},
): Promise<WebhookOutcome> {
  const parsed = webhookMessageSchema.safeParse(raw);
  if (!parsed.success) return { kind: 'invalid_message', reason: parsed.error.message };
  const message = parsed.data;
  const jobId = message.job_id;
  const snapshot = await deps.tracker.readSnapshot(jobId);
  if (!snapshot) return { kind: 'unknown_job', jobId };
  const { job } = snapshot;
  if (!job.callback_url) return { kind: 'skipped', jobId, reason: 'job has no callback_url' };
  if (job.callback_delivered_at) return { kind: 'skipped', jobId, reason: 'already delivered' };
  if (!isTerminal(job.status)) return { kind: 'skipped', jobId, reason: `job is still ${job.status}` };
  const attempt = (message.attempt ?? 0) + 1;
  const secret = deps.config.webhooks.signingSecret;
  if (!secret) {
    const error = 'WEBHOOK_SIGNING_SECRET is not set: nothing is sent unsigned';
    await deps.tracker.recordWebhookState(jobId, { callback_error: error });
    return { kind: 'gave_up', jobId, attempt, error };
  }

  const body = JSON.stringify(toJobStatusBody(snapshot));
  const headers = {
    'Content-Type': 'application/json',
    'User-Agent': `batch-translator/${deps.config.version}`,
    [WEBHOOK_HEADERS.signature]: signBody(secret, body),
    // Stable per closing: each retry round closes the job again, and that is a new delivery.
    [WEBHOOK_HEADERS.delivery]: job.retry_round ? `${jobId}.retry-${job.retry_round}` : jobId,
    [WEBHOOK_HEADERS.event]: `job.${job.status}`,
  };
  let status: number;
  try {
    // Checked again now: the name may resolve elsewhere than at submission (DNS rebinding).
    const target = await resolveCallbackTarget(job.callback_url, {
      allowHttpLoopback: deps.config.allowHttpLoopbackCallbacks,
      ...(options.resolve ? { resolve: options.resolve } : {}),
    });
    status = await (options.post ?? postWebhook)(target.url, target.addresses, body, headers);
  } catch (failure) {
    return scheduleRetryOrGiveUp(deps, jobId, attempt, failure);
  }
  await deps.tracker.recordWebhookState(jobId, {
    callback_delivered_at: deps.now().toISOString(),
    callback_error: '',
  });
  return { kind: 'delivered', jobId, attempt, status };
}

async function scheduleRetryOrGiveUp(
  deps: WebhookDeps,
  jobId: string,
  attempt: number,
  failure: unknown,
): Promise<WebhookOutcome> {
  const fate = fateOf(failure);
  const error = `attempt ${attempt}: ${describeError(failure)}`;
  if (fate.kind === 'permanent' || fate.kind === 'invariant' || attempt >= WEBHOOK_MAX_ATTEMPTS) {
    const final = `gave up after ${error}`;
    await deps.tracker.recordWebhookState(jobId, { callback_error: final });
    return {
      kind: 'gave_up',
      jobId,
      attempt,
      error: final,
      ...(fate.kind === 'invariant' ? { internalError: fate.error } : {}),
    };
  }
  const backOff = retryDelaySeconds(deps.config.webhooks.retryBaseSeconds, attempt);
  const delaySeconds = fate.kind === 'retry_later' ? Math.max(backOff, fate.delaySeconds) : backOff;
  const next: WebhookMessage = { kind: 'webhook', job_id: jobId, attempt };
  await deps.webhookQueue.sendMessage(encodeMessage(next), { visibilityTimeout: delaySeconds });
  await deps.tracker.recordWebhookState(jobId, { callback_error: `${error}; retrying in ${delaySeconds} s` });
  return { kind: 'retry_scheduled', jobId, attempt, delaySeconds, error };
}

/** The poison queue's handler: a message the host gave up on (storage failures) leaves its reason on the job. */
export async function abandonWebhook(
  deps: Pick<WebhookDeps, 'tracker'>,
  raw: unknown,
): Promise<string | undefined> {
  const parsed = webhookMessageSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const snapshot = await deps.tracker.readSnapshot(parsed.data.job_id);
  if (!snapshot || snapshot.job.callback_delivered_at) return undefined;
  await deps.tracker.recordWebhookState(parsed.data.job_id, {
    callback_error:
      'delivery abandoned: its queue message failed repeatedly and was moved to the poison queue',
  });
  return parsed.data.job_id;
}
