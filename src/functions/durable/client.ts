import type { InvocationContext } from '@azure/functions';
import type { TranslateJobInput } from '../../lib/durable/contracts.js';
import type { JobOrchestrations } from '../../lib/durable/jobOrchestrations.js';
import { DURABLE } from '../../lib/durable/names.js';
import { describeError } from '../../lib/errors.js';
import { getClient } from './sdk.js';

/**
 * The job API's view of Durable Functions, over the durable client input binding of the invocation. The client
 * is only looked up when a durable job needs it, so queue-mode requests never depend on it.
 */
export function jobOrchestrationsOf(context: InvocationContext): JobOrchestrations {
  const client = () => getClient(context);
  return {
    async start(jobId: string, input: TranslateJobInput): Promise<void> {
      const durable = client();
      try {
        await durable.startNew(DURABLE.orchestration, { instanceId: jobId, input });
      } catch (error) {
        // A retried submission (same Idempotency-Key) finds the instance already started: that is success.
        const existing = await durable.getStatus(jobId).catch(() => undefined);
        if (!existing) throw error;
      }
    },
    async signalCancel(jobId: string): Promise<void> {
      try {
        await client().raiseEvent(jobId, DURABLE.cancelEvent, { requested_by: 'api' });
      } catch (error) {
        context.warn(`Could not signal cancel to orchestration ${jobId}: ${describeError(error)}`);
      }
    },
  };
}
