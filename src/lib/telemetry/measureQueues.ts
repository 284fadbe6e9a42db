import type { QueueClient } from '@azure/storage-queue';
import type { AppConfig } from '../config.js';
import type { StorageClients } from '../storage/clients.js';
import { queueDepth } from '../storage/queueDepth.js';
import { appMetrics, type QueueMeasurement } from './appMetrics.js';

interface MonitoredQueue {
  name: string;
  role: 'translation' | 'plan' | 'webhook';
  poison: boolean;
}

/** Every queue the app owns, poison queues included (Durable Functions' task hub queues are the host's). */
export function monitoredQueues(config: AppConfig): MonitoredQueue[] {
  return [
    { name: config.translationQueue, role: 'translation', poison: false },
    { name: config.translationPoisonQueue, role: 'translation', poison: true },
    { name: config.planQueue, role: 'plan', poison: false },
    { name: config.planPoisonQueue, role: 'plan', poison: true },
    { name: config.webhooks.queue, role: 'webhook', poison: false },
    { name: config.webhooks.poisonQueue, role: 'webhook', poison: true },
  ];
}

/**
 * One queue's approximate depth (queueDepth: invisible messages included) and the age of its oldest visible
 * message, from a one-message peek: two cheap, current calls.
 */
export async function measureQueue(
  queue: QueueClient,
  now: Date,
): Promise<{ depth: number; oldestMessageAgeSeconds: number }> {
  const [depth, peeked] = await Promise.all([queueDepth(queue), queue.peekMessages({ numberOfMessages: 1 })]);
  const insertedOn = peeked.peekedMessageItems[0]?.insertedOn;
  return {
    depth,
    oldestMessageAgeSeconds: insertedOn ? Math.max(0, (now.getTime() - insertedOn.getTime()) / 1000) : 0,
  };
}

/**
 * Measures every queue of the app and records the measurements (`batch_translator.queue.*`). The timer
 * function runs it each minute in Azure; the local runtime runs the same function on its own clock.
 */
export async function recordQueueMetrics(deps: {
  config: AppConfig;
  storage: Pick<StorageClients, 'queue'>;
  now: () => Date;
}): Promise<QueueMeasurement[]> {
  const now = deps.now();
  const measurements = await Promise.all(
    monitoredQueues(deps.config).map(async (queue): Promise<QueueMeasurement> => ({
      queue: queue.name,
      role: queue.role,
      poison: queue.poison,
      ...(await measureQueue(deps.storage.queue(queue.name), now)),
    })),
  );
  for (const measurement of measurements) appMetrics.queueMeasured(measurement);
  return measurements;
}
