import { metrics, type Counter, type Gauge, type Histogram, type MeterProvider } from '@opentelemetry/api';
import { INSTRUMENTS, METER_NAME } from './instruments.js';

interface Instruments {
  queueDepth: Gauge;
  queueOldestMessageAge: Gauge;
  itemsSettled: Counter;
  charactersCharged: Counter;
  providerThrottled: Counter;
  itemsRetryLater: Counter;
  planningHeld: Counter;
  jobDuration: Histogram;
}

const JOB_DURATION_BUCKETS_SECONDS = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600, 86400];

function createInstruments(provider: MeterProvider): Instruments {
  const meter = provider.getMeter(METER_NAME);
  const options = (spec: { unit: string; description: string }) => ({
    unit: spec.unit,
    description: spec.description,
  });
  return {
    queueDepth: meter.createGauge(INSTRUMENTS.queueDepth.name, options(INSTRUMENTS.queueDepth)),
    queueOldestMessageAge: meter.createGauge(
      INSTRUMENTS.queueOldestMessageAge.name,
      options(INSTRUMENTS.queueOldestMessageAge),
    ),
    itemsSettled: meter.createCounter(INSTRUMENTS.itemsSettled.name, options(INSTRUMENTS.itemsSettled)),
    charactersCharged: meter.createCounter(
      INSTRUMENTS.charactersCharged.name,
      options(INSTRUMENTS.charactersCharged),
    ),
    providerThrottled: meter.createCounter(
      INSTRUMENTS.providerThrottled.name,
      options(INSTRUMENTS.providerThrottled),
    ),
    itemsRetryLater: meter.createCounter(
      INSTRUMENTS.itemsRetryLater.name,
      options(INSTRUMENTS.itemsRetryLater),
    ),
    planningHeld: meter.createCounter(INSTRUMENTS.planningHeld.name, options(INSTRUMENTS.planningHeld)),
    jobDuration: meter.createHistogram(INSTRUMENTS.jobDuration.name, {
      ...options(INSTRUMENTS.jobDuration),
      // Jobs take seconds to hours; the SDK's default buckets are sized for milliseconds.
      advice: { explicitBucketBoundaries: JOB_DURATION_BUCKETS_SECONDS },
    }),
  };
}

// The OpenTelemetry metrics API has no proxy provider: instruments made before a provider is registered stay
// no-ops forever. So they are (re)made whenever the registered provider changes, which is cheap to check.
let bound: { provider: MeterProvider; instruments: Instruments } | undefined;

function instruments(): Instruments {
  const provider = metrics.getMeterProvider();
  if (bound?.provider !== provider) bound = { provider, instruments: createInstruments(provider) };
  return bound.instruments;
}

/** What one queue measurement found (src/lib/telemetry/measureQueues.ts). */
export interface QueueMeasurement {
  queue: string;
  /** Which of the app's queues: `translation`, `plan` or `webhook`. */
  role: string;
  poison: boolean;
  depth: number;
  oldestMessageAgeSeconds: number;
}

/**
 * The app's metric hooks, one per event, each called from the one place the event happens. Without a
 * registered meter provider (tests, the CLI) every call is a no-op.
 */
export const appMetrics = {
  queueMeasured(measurement: QueueMeasurement): void {
    const attributes = {
      queue: measurement.queue,
      queue_role: measurement.role,
      poison: String(measurement.poison),
    };
    const { queueDepth, queueOldestMessageAge } = instruments();
    queueDepth.record(measurement.depth, attributes);
    queueOldestMessageAge.record(measurement.oldestMessageAgeSeconds, attributes);
  },
  itemSettled(status: string, errorCode: string | undefined): void {
    instruments().itemsSettled.add(1, { status, error_code: errorCode ?? '' });
  },
  charactersCharged(provider: string, characters: number): void {
    if (characters > 0) instruments().charactersCharged.add(characters, { provider });
  },
  providerThrottled(provider: string): void {
    instruments().providerThrottled.add(1, { provider });
  },
  retryLater(code: string): void {
    instruments().itemsRetryLater.add(1, { code });
  },
  planningHeld(): void {
    instruments().planningHeld.add(1);
  },
  jobClosed(status: string, mode: string, durationSeconds: number): void {
    instruments().jobDuration.record(Math.max(0, durationSeconds), { status, mode });
  },
};
