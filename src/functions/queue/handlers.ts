import type { InvocationContext } from '@azure/functions';
import { failPlanning } from '../../lib/planner/failPlanning.js';
import { planJob } from '../../lib/planner/planJob.js';
import type { Services } from '../../lib/services.js';
import { failPoisonedItem } from '../../lib/worker/failPoisonedItem.js';
import { translateFile, type WorkerOutcome } from '../../lib/worker/translateFile.js';

export type QueueHandler = (message: unknown, context: InvocationContext) => Promise<void>;

const dequeueCountOf = (context: InvocationContext): number => {
  const value = context.triggerMetadata?.dequeueCount;
  return typeof value === 'number' ? value : Number(value ?? 1) || 1;
};

function logOutcome(context: InvocationContext, outcome: WorkerOutcome): void {
  if (outcome.kind === 'invalid_message') context.error(`Dropped malformed message: ${outcome.reason}`);
  else if (outcome.kind === 'unknown_job') context.warn(`Dropped message for unknown job ${outcome.jobId}`);
  else if (outcome.kind === 'recorded' && outcome.result === 'duplicate') {
    context.log(`Item of job ${outcome.jobId} was already recorded; duplicate delivery ignored`);
  }
}

export function translateFileHandler(services: () => Services): QueueHandler {
  return async (message, context) =>
    logOutcome(context, await translateFile(services(), message, dequeueCountOf(context)));
}

export function translateFilePoisonHandler(services: () => Services): QueueHandler {
  return async (message, context) => logOutcome(context, await failPoisonedItem(services(), message));
}

export function planJobHandler(services: () => Services): QueueHandler {
  return async (message, context) => {
    const outcome = await planJob(services(), message);
    if (outcome.kind === 'invalid_message')
      context.error(`Dropped malformed plan message: ${outcome.reason}`);
    else if (outcome.kind === 'unknown_job')
      context.warn(`Dropped plan message for unknown job ${outcome.jobId}`);
    else if (outcome.kind === 'planned_page') {
      context.log(
        `Job ${outcome.jobId}: planned page ${outcome.page} (${outcome.items} items${outcome.more ? ', more to come' : ''})`,
      );
    }
  };
}

export function planJobPoisonHandler(services: () => Services): QueueHandler {
  return async (message, context) => {
    const failed = await failPlanning(services(), message);
    if (!failed) context.warn('Poisoned plan message did not match a job still planning');
  };
}
