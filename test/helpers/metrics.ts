import type { DataPoint } from '@opentelemetry/sdk-metrics';
import { startMetrics } from '../../src/runtime/metricsEndpoint.js';

// Registered as this module loads, so instruments record into it from the test file's first line on.
startMetrics();

export interface Point {
  attributes: Record<string, unknown>;
  value: unknown;
}

/**
 * What the app's instruments hold now, through the same process-wide reader that serves `GET /metrics`
 * (registered when this module loads). Counters are cumulative for the process: compare before and after.
 */
export async function metricPoints(name: string): Promise<Point[]> {
  const { resourceMetrics } = await startMetrics().collect();
  return resourceMetrics.scopeMetrics
    .flatMap((scope) => scope.metrics)
    .filter((metric) => metric.descriptor.name === name)
    .flatMap((metric) =>
      (metric.dataPoints as DataPoint<unknown>[]).map(({ attributes, value }) => ({ attributes, value })),
    );
}

/** The total of a counter's points whose attributes include `match`. */
export async function counterTotal(name: string, match: Record<string, string> = {}): Promise<number> {
  const points = await metricPoints(name);
  return points
    .filter((p) => Object.entries(match).every(([key, value]) => p.attributes[key] === value))
    .reduce((sum, p) => sum + Number(p.value), 0);
}
