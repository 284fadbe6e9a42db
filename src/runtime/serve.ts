/**
 * `npm run serve`: the app without Azure Functions Core Tools. Reads local.settings.json like `func start`,
 * validates settings, serves the HTTP API and consumes the queues until SIGTERM/SIGINT, then lets in-flight
 * messages finish before exiting.
 */
import { useAzureMonitor } from '@azure/monitor-opentelemetry';
import { loadConfig, loadTelemetrySettings } from '../lib/config.js';
import { ConfigError } from '../lib/errors.js';
import { readLocalSettings } from './localSettings.js';
import { startLocalRuntime } from './localRuntime.js';
import { startMetrics } from './metricsEndpoint.js';

async function main(): Promise<void> {
  const settings = readLocalSettings();
  const config = loadConfig(settings);
  // GET /metrics always; Application Insights too when a connection string is set (as in Azure).
  startMetrics(loadTelemetrySettings(settings), useAzureMonitor);
  const runtime = await startLocalRuntime({ config });
  console.log(
    `batch-translator ${config.version} listening on ${runtime.url}/api (queues: ${config.planQueue}, ${config.translationQueue})`,
  );
  console.log(`web page: ${runtime.url}/api/ui`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing in-flight messages...`);
    void runtime.stop().then(() => {
      console.log('Stopped cleanly.');
      process.exit(0);
    });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
