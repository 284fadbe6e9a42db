import type { QueueClient } from '@azure/storage-queue';
import type { WebhookMessage } from '../messages.js';
import { encodeMessage } from '../storage/messageCodec.js';
import type { JobClosedHook } from '../tracker/closeJobIfDone.js';
import type { Tracker } from '../tracker/tracker.js';

/**
 * The close path's hook: queues the completion webhook of a job that has a callback_url, then records that it
 * did (`callback_queued_at`), so the close path, which re-runs on duplicates, queues it again only when a
 * closer died in between. A duplicate message is harmless: delivery skips a job already delivered.
 */
export function webhookNotifier(
  queue: QueueClient,
  recordWebhookState: Tracker['recordWebhookState'],
  now: () => Date,
): JobClosedHook {
  return async (job) => {
    if (!job.callback_url || job.callback_queued_at || job.callback_delivered_at) return;
    const message: WebhookMessage = { kind: 'webhook', job_id: job.partitionKey };
    await queue.sendMessage(encodeMessage(message));
    await recordWebhookState(job.partitionKey, { callback_queued_at: now().toISOString() });
  };
}
