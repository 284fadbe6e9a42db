/**
 * OpenTelemetry for the Functions worker, as Microsoft documents it for Node.js (host.json
 * `"telemetryMode": "OpenTelemetry"`, the Azure Monitor exporter, and `AzureFunctionsInstrumentation` for
 * invocation correlation). Imported first by index.ts: the distro must start before other modules load.
 */
import { useAzureMonitor } from '@azure/monitor-opentelemetry';
import functionsInstrumentation from '@azure/functions-opentelemetry-instrumentation';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { loadTelemetrySettings } from '../lib/config.js';
import { startAzureMonitor } from '../lib/telemetry/azureMonitor.js';
import { exportStructuredLogs } from '../lib/telemetry/structuredLog.js';
import functions from '@azure/functions';

// Nothing may throw while the entry point loads (see lazyServices): without telemetry the app still works.
try {
  if (startAzureMonitor(loadTelemetrySettings(), useAzureMonitor)) {
    // This app is an ES module, which the require hook cannot see: the ESM variant is handed the module.
    // (Both packages are CommonJS bundles whose named exports Node's ESM loader cannot see, as in sdk.ts.)
    const instrumentation = new functionsInstrumentation.AzureFunctionsInstrumentationESM();
    registerInstrumentations({ instrumentations: [instrumentation] });
    instrumentation.registerAzFunc(functions);
    exportStructuredLogs();
  }
} catch (error) {
  console.error(`Telemetry could not start; the app runs without it: ${String(error)}`);
}
