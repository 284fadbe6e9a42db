import { randomUUID } from 'node:crypto';
import type { PlanMessage } from '../messages.js';
import type { Services } from '../services.js';
import { encodeMessage } from '../storage/messageCodec.js';
import { appMetrics } from '../telemetry/appMetrics.js';
import type { HoldResult } from '../tracker/holdPlanning.js';
import type { Job } from '../tracker/jobRecord.js';
import type { Tracker } from '../tracker/tracker.js';

export type WaitDeps = Pick<Services, 'config' | 'planQueue'> & { tracker: Pick<Tracker, 'holdPlanning'> };

/**
 * Holds the job's current page back: sends a fresh plan message, invisible for PLANNER_QUEUE_WAIT_SECONDS, to
 * look at the queue again, and records it as the one that may plan on (see holdPlanning). Only the page's
 * first hold counts in the metric, so a long wait is one event, not one per look.
 */
export async function waitForQueue(
  deps: WaitDeps,
  job: Job,
  token: string | undefined,
  /** What the waiting message carries on (PlanMessage.memory_empty). */
  memoryEmpty?: readonly string[],
): Promise<HoldResult> {
  const jobId = job.partitionKey;
  const successor = randomUUID();
  const next: PlanMessage = {
    kind: 'plan',
    job_id: jobId,
    token: successor,
    ...(memoryEmpty ? { memory_empty: [...memoryEmpty] } : {}),
  };
  await deps.planQueue.sendMessage(encodeMessage(next), {
    visibilityTimeout: deps.config.plannerQueueWaitSeconds,
  });
  const held = await deps.tracker.holdPlanning(jobId, {
    page: job.plan_page,
    ...(token ? { from: token } : {}),
    to: successor,
  });
  if (held === 'first') appMetrics.planningHeld();
  return held;
}
