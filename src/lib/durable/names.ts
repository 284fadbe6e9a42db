/**
 * Names of the durable mode's orchestration, activities and event. Function names share one namespace with
 * the app's other functions (definitions.ts), hence the `durable` prefix on activities.
 */
export const DURABLE = {
  orchestration: 'translateJob',
  planPage: 'durablePlanPage',
  translateItem: 'durableTranslateItem',
  failItem: 'durableFailItem',
  failPlanning: 'durableFailPlanning',
  cancelRest: 'durableCancelRest',
  finishJob: 'durableFinishJob',
  /** Raised by DELETE /api/jobs/{id} on the job's instance (instance id = job id). */
  cancelEvent: 'cancel',
} as const;

export type DurableActivityName = Exclude<(typeof DURABLE)[keyof typeof DURABLE], 'translateJob' | 'cancel'>;
