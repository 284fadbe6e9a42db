import type { Services } from '../../lib/services.js';
import { abandonWebhook, deliverWebhook } from '../../lib/webhooks/deliverWebhook.js';
import type { QueueHandler } from './handlers.js';

export function deliverWebhookHandler(services: () => Services): QueueHandler {
  return async (message, context) => {
    const outcome = await deliverWebhook(services(), message);
    if (outcome.kind === 'invalid_message')
      context.error(`Dropped malformed webhook message: ${outcome.reason}`);
    else if (outcome.kind === 'unknown_job')
      context.warn(`Dropped webhook message for unknown job ${outcome.jobId}`);
    else if (outcome.kind === 'retry_scheduled')
      context.warn(
        `Webhook of job ${outcome.jobId} failed (${outcome.error}); retry in ${outcome.delaySeconds} s`,
      );
    else if (outcome.kind === 'gave_up')
      context.error(`Webhook of job ${outcome.jobId}: ${outcome.error}`, outcome.internalError);
    else if (outcome.kind === 'delivered')
      context.log(`Webhook of job ${outcome.jobId} delivered (${outcome.status})`);
  };
}

export function deliverWebhookPoisonHandler(services: () => Services): QueueHandler {
  return async (message, context) => {
    const jobId = await abandonWebhook(services(), message);
    if (jobId) context.error(`Webhook of job ${jobId} abandoned after repeated failures`);
  };
}
