/**
 * OpenTelemetry for the Functions worker, as Microsoft documents it for Node.js (host.json
 * `"telemetryMode": "OpenTelemetry"`, the Azure Monitor exporter, and `AzureFunctionsInstrumentation` for
 * invocation correlation). Imported first by index.ts: the distro must start before other modules load.
 */
import { useAzureMonitor } from '@azure/monitor-opentelemetry';
import { AzureFunctionsInstrumentation } from '@azure/functions-opentelemetry-instrumentation';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { loadTelemetrySettings } from '../lib/config.js';
import { startAzureMonitor } from '../lib/telemetry/azureMonitor.js';

// Nothing may throw while the entry point loads (see lazyServices): without telemetry the app still works.
try {
  if (startAzureMonitor(loadTelemetrySettings(), useAzureMonitor)) {
    registerInstrumentations({ instrumentations: [new AzureFunctionsInstrumentation()] });
  }
} catch (error) {
  console.error(`Telemetry could not start; the app runs without it: ${String(error)}`);
}
