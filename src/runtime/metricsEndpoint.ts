/**
 * `GET /metrics` of the standalone worker: the app's instruments (src/lib/telemetry/instruments.ts) in
 * Prometheus text, through OpenTelemetry's Prometheus exporter used as a pull reader (no server of its own).
 * One reader per process: the OpenTelemetry API holds one global meter provider.
 */
import { metrics } from '@opentelemetry/api';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import type { AzureMonitorOpenTelemetryOptions } from '@azure/monitor-opentelemetry';
import type { TelemetrySettings } from '../lib/config.js';
import { azureMonitorOptions } from '../lib/telemetry/azureMonitor.js';

let reader: PrometheusExporter | undefined;
const serializer = new PrometheusSerializer();

/**
 * Registers the process's meter provider with the Prometheus reader, once. With telemetry settings the
 * Azure Monitor distro is that provider (metrics then go to both); otherwise a plain SDK provider is.
 */
export function startMetrics(
  telemetry?: TelemetrySettings,
  useAzureMonitor?: (options: AzureMonitorOpenTelemetryOptions) => void,
): PrometheusExporter {
  if (reader) return reader;
  reader = new PrometheusExporter({ preventServerStart: true });
  if (telemetry && useAzureMonitor) {
    useAzureMonitor({ ...azureMonitorOptions(telemetry), metricReaders: [reader] });
  } else {
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
  }
  return reader;
}

/** The current value of every instrument, in the Prometheus text format (version 0.0.4). */
export async function prometheusText(): Promise<string> {
  const { resourceMetrics, errors } = await startMetrics().collect();
  if (errors.length > 0) throw new AggregateError(errors, 'Collecting metrics failed');
  return serializer.serialize(resourceMetrics);
}
