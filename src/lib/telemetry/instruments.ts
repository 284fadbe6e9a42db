/**
 * Every metric the app emits, named once. The same instruments feed Application Insights (through the Azure
 * Monitor OpenTelemetry distro, where each name is a `Name` in `AppMetrics` / `customMetrics`) and the local
 * runtime's `GET /metrics` (Prometheus: dots become underscores, counters gain `_total`). The alert rules in
 * infra/bicep/modules/alerts.bicep query these names; a drift test checks that they exist here.
 */
export type InstrumentKind = 'counter' | 'gauge' | 'histogram';

export interface InstrumentSpec {
  name: string;
  kind: InstrumentKind;
  unit: string;
  description: string;
  /** Attribute keys every measurement carries (the dimensions alerts and dashboards split by). */
  attributes: readonly string[];
}

export const INSTRUMENTS = {
  queueDepth: {
    name: 'batch_translator.queue.depth',
    kind: 'gauge',
    unit: '{message}',
    description: 'Approximate number of messages in a queue (visible and invisible), measured every minute.',
    attributes: ['queue', 'queue_role', 'poison'],
  },
  queueOldestMessageAge: {
    name: 'batch_translator.queue.oldest_message_age',
    kind: 'gauge',
    unit: 's',
    description:
      'Age of the oldest visible message of a queue (0 when none is visible), measured every minute.',
    attributes: ['queue', 'queue_role', 'poison'],
  },
  itemsSettled: {
    name: 'batch_translator.items.settled',
    kind: 'counter',
    unit: '{item}',
    description: 'Items (file, language) whose outcome was recorded, once each, by status and error code.',
    attributes: ['status', 'error_code'],
  },
  charactersCharged: {
    name: 'batch_translator.characters.charged',
    kind: 'counter',
    unit: '{character}',
    description: 'Characters the translation provider bills, per provider call that succeeded.',
    attributes: ['provider'],
  },
  providerThrottled: {
    name: 'batch_translator.provider.throttled',
    kind: 'counter',
    unit: '{response}',
    description: 'Throttling answers (HTTP 429) from the translation provider, retried ones included.',
    attributes: ['provider'],
  },
  itemsRetryLater: {
    name: 'batch_translator.items.retry_later',
    kind: 'counter',
    unit: '{item}',
    description: 'Item attempts that were put off without spending an attempt (provider quota), by reason.',
    attributes: ['code'],
  },
  planningHeld: {
    name: 'batch_translator.planning.held',
    kind: 'counter',
    unit: '{page}',
    description:
      'Pages the planner or a retry round held back because the translation queue was at PLANNER_QUEUE_HIGH_WATER (once per page).',
    attributes: [],
  },
  jobDuration: {
    name: 'batch_translator.job.duration',
    kind: 'histogram',
    unit: 's',
    description: 'Time from submission to the job reaching its final status, by status and mode.',
    attributes: ['status', 'mode'],
  },
} as const satisfies Record<string, InstrumentSpec>;

export type InstrumentKey = keyof typeof INSTRUMENTS;

/** The meter every instrument belongs to (the OpenTelemetry instrumentation scope). */
export const METER_NAME = 'batch-translator';

/** Every metric name the app can emit. */
export const METRIC_NAMES: readonly string[] = Object.values(INSTRUMENTS).map((spec) => spec.name);
