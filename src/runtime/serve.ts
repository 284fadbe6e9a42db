/**
 * `npm run serve` (`node dist/src/runtime/serve.js`): the app without Azure Functions Core Tools, as the standalone
 * worker of the container image, the Kubernetes Deployment and the systemd unit (deploy/). Reads
 * local.settings.json like `func start` (when present), validates settings, serves the HTTP API and consumes the
 * queues until SIGTERM/SIGINT. Then it stops taking messages and requests, lets in-flight messages finish for at
 * most host.json's functionTimeout, and exits 0; a message still running after that is abandoned (exit 1) and
 * returns to its queue when its lease ends, to be processed again (items are recorded exactly once).
 */
import { useAzureMonitor } from '@azure/monitor-opentelemetry';
import { loadConfig, loadTelemetrySettings } from '../lib/config.js';
import { ConfigError } from '../lib/errors.js';
import { functionTimeoutMs, readHostJson } from './hostSettings.js';
import { readLocalSettings } from './localSettings.js';
import { startLocalRuntime } from './localRuntime.js';
import { startMetrics } from './metricsEndpoint.js';

async function main(): Promise<void> {
  const settings = readLocalSettings();
  const config = loadConfig(settings);
  const graceMs = functionTimeoutMs(readHostJson());
  // GET /metrics always; Application Insights too when a connection string is set (as in Azure).
  startMetrics(loadTelemetrySettings(settings), useAzureMonitor);
  const runtime = await startLocalRuntime({ config });
  console.log(
    `batch-translator ${config.version} listening on ${runtime.url}/api (queues: ${config.planQueue}, ${config.translationQueue})`,
  );
  console.log(`web page: ${runtime.url}/api/ui`);
  let stopping = false;
  // A signal can arrive twice (a terminal's process group and npm forwarding it): the first one decides.
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing in-flight messages (at most ${Math.round(graceMs / 1000)} s)...`);
    const deadline = setTimeout(() => {
      console.error(
        `In-flight messages still running after ${Math.round(graceMs / 1000)} s: exiting; they return to their queues when their leases end.`,
      );
      process.exit(1);
    }, graceMs);
    deadline.unref();
    runtime.stop().then(
      () => {
        console.log('Stopped cleanly.');
        process.exit(0);
      },
      (error: unknown) => {
        console.error('Shutdown failed:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
