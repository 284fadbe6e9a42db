import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** host.json's queue settings with the host's own defaults (see shared reference functions-host.md). */
export interface QueueHostSettings {
  batchSize: number;
  newBatchThreshold: number;
  maxPollingIntervalMs: number;
  visibilityTimeoutMs: number;
  maxDequeueCount: number;
  messageEncoding: 'base64' | 'none';
}

/** "hh:mm:ss" or "d.hh:mm:ss", as host.json writes TimeSpans. */
export function parseTimeSpanMs(value: string): number {
  const match = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/.exec(value);
  if (!match) throw new Error(`Not a TimeSpan: ${value}`);
  const [, days = '0', h = '0', m = '0', s = '0', ms = '0'] = match;
  return (
    (((Number(days) * 24 + Number(h)) * 60 + Number(m)) * 60 + Number(s)) * 1000 + Number(ms.padEnd(3, '0'))
  );
}

const queuesSchema = z
  .object({
    batchSize: z.number().int().min(1).max(32).optional(),
    newBatchThreshold: z.number().int().min(0).optional(),
    maxPollingInterval: z.string().optional(),
    visibilityTimeout: z.string().optional(),
    maxDequeueCount: z.number().int().min(1).optional(),
    messageEncoding: z.enum(['base64', 'none']).optional(),
  })
  .passthrough();

export function queueHostSettings(hostJson: unknown, processorCount: number): QueueHostSettings {
  const queues = queuesSchema.parse(
    (hostJson as { extensions?: { queues?: unknown } } | undefined)?.extensions?.queues ?? {},
  );
  const batchSize = queues.batchSize ?? 16;
  return {
    batchSize,
    newBatchThreshold: queues.newBatchThreshold ?? Math.floor(batchSize / 2) * processorCount,
    maxPollingIntervalMs: queues.maxPollingInterval ? parseTimeSpanMs(queues.maxPollingInterval) : 60_000,
    visibilityTimeoutMs: queues.visibilityTimeout ? parseTimeSpanMs(queues.visibilityTimeout) : 0,
    maxDequeueCount: queues.maxDequeueCount ?? 5,
    messageEncoding: queues.messageEncoding ?? 'base64',
  };
}

export function readHostJson(path = 'host.json'): unknown {
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

/**
 * host.json's `functionTimeout`: the longest one invocation (one item) may run. The standalone worker waits this
 * long for in-flight messages at shutdown; deployments give it more (deploy/kubernetes, deploy/systemd). Unset,
 * the host's default on Flex Consumption applies: 30 minutes.
 */
export function functionTimeoutMs(hostJson: unknown): number {
  const value = (hostJson as { functionTimeout?: unknown } | undefined)?.functionTimeout;
  if (value === undefined) return 30 * 60_000;
  if (typeof value !== 'string') throw new Error('host.json functionTimeout must be a TimeSpan string');
  return parseTimeSpanMs(value);
}
