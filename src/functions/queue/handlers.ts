import type { InvocationContext } from '@azure/functions';
import type { TranslateItemMessage } from '../../lib/messages.js';
import { failPlanning } from '../../lib/planner/failPlanning.js';
import { planJob } from '../../lib/planner/planJob.js';
import { retryPage } from '../../lib/planner/retryPage.js';
import { failRetry } from '../../lib/planner/failRetry.js';
import type { Services } from '../../lib/services.js';
import { encodeMessage } from '../../lib/storage/messageCodec.js';
import { failPoisonedItem } from '../../lib/worker/failPoisonedItem.js';
import { settleItem, type Settlement } from '../../lib/worker/settleItem.js';
import type { Logger } from '../../lib/logger.js';
import { messageFields, structuredLogger } from '../../lib/telemetry/structuredLog.js';

export type QueueHandler = (message: unknown, context: InvocationContext) => Promise<void>;

const dequeueCountOf = (context: InvocationContext): number => {
  const value = context.triggerMetadata?.dequeueCount;
  return typeof value === 'number' ? value : Number(value ?? 1) || 1;
};

/** Log lines of one message's invocation, carrying its job id, item key and invocation id as fields. */
const invocationLogger = (message: unknown, context: InvocationContext): Logger =>
  structuredLogger(context, { ...messageFields(message), invocation_id: context.invocationId });

function logSettlement(context: Logger, settlement: Settlement): void {
  if (settlement.kind === 'invalid_message') context.error(`Dropped malformed message: ${settlement.reason}`);
  else if (settlement.kind === 'unknown_job')
    context.warn(`Dropped message for unknown job ${settlement.jobId}`);
  else if (settlement.kind === 'deferred') {
    context.warn(`Item of job ${settlement.jobId} waits ${settlement.delaySeconds} s: ${settlement.reason}`);
  } else if (settlement.kind === 'recorded') {
    if (settlement.internalError) {
      context.error(`An internal error stopped an item of job ${settlement.jobId}`, settlement.internalError);
    }
    if (settlement.errorCode === 'invalid_message') {
      context.error(
        `Item of job ${settlement.jobId} had an invalid message; recorded failed (invalid_message)`,
      );
    }
    if (settlement.result === 'duplicate') {
      context.log(`Item of job ${settlement.jobId} was already recorded; duplicate delivery ignored`);
    }
  }
}

export function translateFileHandler(services: () => Services): QueueHandler {
  return async (message, context) => {
    const s = services();
    // Retry-later re-sends the message with a delay: the original then succeeds, spending no dequeue.
    const defer = async (next: TranslateItemMessage, delaySeconds: number) => {
      await s.translationQueue.sendMessage(encodeMessage(next), { visibilityTimeout: delaySeconds });
    };
    const logger = invocationLogger(message, context);
    logSettlement(logger, await settleItem(s, message, { number: dequeueCountOf(context), defer, logger }));
  };
}

export function translateFilePoisonHandler(services: () => Services): QueueHandler {
  return async (message, context) =>
    logSettlement(invocationLogger(message, context), await failPoisonedItem(services(), message));
}

const isRetryMessage = (message: unknown): boolean =>
  typeof message === 'object' && message !== null && (message as { kind?: unknown }).kind === 'retry';

/** The plan queue carries planning pages and retry rounds' pages (src/lib/planner/retryPage.ts). */
export function planJobHandler(services: () => Services): QueueHandler {
  return async (message, context) => {
    if (isRetryMessage(message)) {
      const retried = await retryPage(services(), message);
      if (retried.kind === 'invalid_message')
        context.error(`Dropped malformed retry message: ${retried.reason}`);
      else if (retried.kind === 'waiting' && retried.first)
        context.log(
          `Job ${retried.jobId}: retry ${retried.round} waits for the translation queue (${retried.queued} messages queued)`,
        );
      else if (retried.kind === 'queued_page')
        context.log(
          `Job ${retried.jobId}: retry ${retried.round} queued ${retried.items} files${retried.more ? ', more to come' : ''}`,
        );
      return;
    }
    const outcome = await planJob(services(), message);
    const logger = invocationLogger(message, context);
    if (outcome.kind === 'invalid_message') logger.error(`Dropped malformed plan message: ${outcome.reason}`);
    else if (outcome.kind === 'unknown_job')
      logger.warn(`Dropped plan message for unknown job ${outcome.jobId}`);
    else if (outcome.kind === 'waiting' && outcome.first) {
      logger.log(
        `Job ${outcome.jobId}: page ${outcome.page} waits for the translation queue (${outcome.queued} messages queued)`,
      );
    } else if (outcome.kind === 'planned_page') {
      logger.log(
        `Job ${outcome.jobId}: planned page ${outcome.page} (${outcome.items} items${outcome.more ? ', more to come' : ''})`,
      );
    }
  };
}

export function planJobPoisonHandler(services: () => Services): QueueHandler {
  return async (message, context) => {
    if (isRetryMessage(message)) {
      const failed = await failRetry(services(), message);
      if (!failed) context.warn('Poisoned retry message did not match a retry in progress');
      return;
    }
    const failed = await failPlanning(services(), message);
    if (!failed)
      invocationLogger(message, context).warn('Poisoned plan message did not match a job still planning');
  };
}
