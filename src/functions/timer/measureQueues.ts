import type { InvocationContext, Timer } from '@azure/functions';
import type { Services } from '../../lib/services.js';
import { recordQueueMetrics } from '../../lib/telemetry/measureQueues.js';

/** Each minute: every queue's depth and oldest-message age as metrics (the alerts' input). */
export function measureQueuesHandler(services: () => Services) {
  return async (_timer: Timer, context: InvocationContext): Promise<void> => {
    const measurements = await recordQueueMetrics(services());
    const waiting = measurements.filter((m) => m.depth > 0);
    if (waiting.length > 0)
      context.log(`Queue depths: ${waiting.map((m) => `${m.queue}=${m.depth}`).join(', ')}`);
  };
}
