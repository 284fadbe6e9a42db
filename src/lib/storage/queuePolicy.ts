/**
 * host.json's `extensions.queues.maxDequeueCount`: a message reaches its poison queue only after this many
 * attempts. The poison handlers report it when an item's own record of its attempts is missing. A drift test
 * keeps it equal to host.json.
 */
export const MAX_DEQUEUE_COUNT = 5;
