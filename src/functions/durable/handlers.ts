import type { InvocationContext } from '@azure/functions';
import type { OrchestrationContext, OrchestrationHandler } from 'durable-functions';
import { cancelRestActivity } from '../../lib/durable/cancelRestActivity.js';
import { failPlanningActivity, finishJobActivity } from '../../lib/durable/finishJobActivity.js';
import { failItemActivity, translateItemActivity } from '../../lib/durable/itemActivities.js';
import { DURABLE, type DurableActivityName } from '../../lib/durable/names.js';
import { planDurablePage } from '../../lib/durable/planPageActivity.js';
import { translateJobOrchestration } from '../../lib/durable/translateJobOrchestration.js';
import type { Services } from '../../lib/services.js';
import { RetryOptions } from './sdk.js';

/** The job orchestration as the host runs it: the logic lives in src/lib/durable, this only binds the SDK. */
export const translateJobHandler: OrchestrationHandler = (context: OrchestrationContext) =>
  translateJobOrchestration(
    context.df,
    context.df.getInput<unknown>(),
    (policy) => new RetryOptions(policy.first_retry_interval_ms, policy.max_attempts),
  );

export type ActivityHandler = (input: unknown, context: InvocationContext) => Promise<unknown>;

/** Every activity of the orchestration, each a thin call into src/lib (the same functions as queue mode). */
export function activityHandlers(services: () => Services): Record<DurableActivityName, ActivityHandler> {
  return {
    [DURABLE.planPage]: (input) => planDurablePage(services(), input),
    [DURABLE.translateItem]: (input, context) => translateItemActivity(services(), input, context),
    [DURABLE.failItem]: (input) => failItemActivity(services(), input),
    [DURABLE.failPlanning]: (input) => failPlanningActivity(services(), input),
    [DURABLE.cancelRest]: (input) => cancelRestActivity(services(), input),
    [DURABLE.finishJob]: (input) => finishJobActivity(services(), input),
  };
}
