import { DefaultAzureCredential, ManagedIdentityCredential } from '@azure/identity';
import type { AzureMonitorOpenTelemetryOptions } from '@azure/monitor-opentelemetry';
import type { TelemetrySettings } from '../config.js';

/**
 * The distro's options: the connection string, and with Entra ID the identity that sends (the app's
 * user-assigned managed identity, which the templates grant Monitoring Metrics Publisher). The host's own
 * `APPLICATIONINSIGHTS_AUTHENTICATION_STRING` does not reach the worker's exporter, so it is applied here.
 */
export function azureMonitorOptions(settings: TelemetrySettings): AzureMonitorOpenTelemetryOptions {
  const credential = settings.entra
    ? settings.entra.clientId
      ? new ManagedIdentityCredential({ clientId: settings.entra.clientId })
      : new DefaultAzureCredential()
    : undefined;
  return {
    azureMonitorExporterOptions: {
      connectionString: settings.connectionString,
      ...(credential ? { credential } : {}),
    },
  };
}

/**
 * Starts exporting the app's metrics, traces and logs to Application Insights, only when a connection string
 * is set: without one nothing is configured and every metric hook stays a no-op. Returns whether it started.
 */
export function startAzureMonitor(
  settings: TelemetrySettings | undefined,
  useAzureMonitor: (options: AzureMonitorOpenTelemetryOptions) => void,
): boolean {
  if (!settings) return false;
  useAzureMonitor(azureMonitorOptions(settings));
  return true;
}
