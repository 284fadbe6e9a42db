import type { QueueClient } from '@azure/storage-queue';

/**
 * Messages on a queue, visible or not (in flight, or put off by a retry-later), as Storage approximates it:
 * one call, current (unlike the QueueMessageCount capacity metric, refreshed about once a day).
 */
export async function queueDepth(queue: Pick<QueueClient, 'getProperties'>): Promise<number> {
  return (await queue.getProperties()).approximateMessagesCount ?? 0;
}
