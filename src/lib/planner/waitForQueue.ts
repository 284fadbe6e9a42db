import { randomUUID } from 'node:crypto';
import type { PlanMessage, RetryMessage } from '../messages.js';
import type { Services } from '../services.js';
import { encodeMessage } from '../storage/messageCodec.js';
import { appMetrics } from '../telemetry/appMetrics.js';
import type { HoldResult } from '../tracker/holdPlanning.js';

export type WaitDeps = Pick<Services, 'config' | 'planQueue'>;

/**
 * Holds a planning or retry page back while the translation queue is full: sends a fresh message (`next`,
 * given its new token), invisible for PLANNER_QUEUE_WAIT_SECONDS, to look at the queue again, then records it
 * as the one message that may go on (`hold`: holdPlanning or holdRetry). Sent first and recorded second, so a
 * crash in between leaves the sender in charge. Only the page's first hold counts in the metric, so a long
 * wait is one event, not one per look.
 */
export async function waitForQueue(
  deps: WaitDeps,
  next: (token: string) => PlanMessage | RetryMessage,
  hold: (successor: string) => Promise<HoldResult>,
): Promise<HoldResult> {
  const successor = randomUUID();
  await deps.planQueue.sendMessage(encodeMessage(next(successor)), {
    visibilityTimeout: deps.config.plannerQueueWaitSeconds,
  });
  const held = await hold(successor);
  if (held === 'first') appMetrics.planningHeld();
  return held;
}
