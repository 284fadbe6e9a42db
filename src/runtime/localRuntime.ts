import { cpus } from 'node:os';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from '../lib/config.js';
import { SETTING } from '../lib/config.js';
import { createServices, type Services } from '../lib/services.js';
import { ensureResources } from '../lib/storage/ensureResources.js';
import {
  defineFunctions,
  type HttpFunctionDefinition,
  type QueueFunctionDefinition,
  type TimerFunctionDefinition,
} from '../functions/definitions.js';
import { createHttpServer } from './httpServer.js';
import { queueHostSettings, readHostJson, type QueueHostSettings } from './hostSettings.js';
import { QueueListener } from './queueListener.js';
import { prometheusText, startMetrics } from './metricsEndpoint.js';
import { startTimers } from './timers.js';

export interface LocalRuntime {
  url: string;
  services: Services;
  listeners: QueueListener[];
  stop(): Promise<void>;
}

export interface LocalRuntimeOptions {
  config: AppConfig;
  services?: Services;
  hostSettings?: QueueHostSettings;
  /** 0 picks a free port (tests). */
  port?: number;
  /** Overrides every timer function's period (tests); otherwise each runs every `everyMinutes`. */
  timerPeriodMs?: number;
  log?: (line: string) => void;
}

/** Replaces `%SETTING%` tokens the way the host's name resolver does. */
export function resolveBindingExpression(expression: string, config: AppConfig): string {
  const values: Record<string, string> = {
    [SETTING.translationQueue]: config.translationQueue,
    [SETTING.planQueue]: config.planQueue,
    [SETTING.jobsTable]: config.jobsTable,
    [SETTING.webhookQueue]: config.webhooks.queue,
  };
  return expression.replace(/%(\w+)%/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`Binding expression names unknown setting ${name}`);
    return value;
  });
}

async function metricsResponse() {
  return {
    status: 200,
    body: await prometheusText(),
    headers: { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8', 'Cache-Control': 'no-store' },
  };
}

/** Where a client on this machine reaches a server bound to `address` (a wildcard address means loopback). */
function urlHost(address: string): string {
  if (address === '0.0.0.0') return '127.0.0.1';
  if (address === '::') return '[::1]';
  return address.includes(':') ? `[${address}]` : address;
}

/** The HTTP routes, queue and timer triggers of the app, on one machine, without the Functions host. */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const { config } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  const services = options.services ?? createServices(config);
  const hostSettings = options.hostSettings ?? queueHostSettings(readHostJson(), cpus().length);
  await ensureResources(config, services.storage);
  if (config.processingMode === 'durable') {
    log(
      'PROCESSING_MODE=durable: the local runtime cannot run orchestrations; jobs that do not ask for "mode": "queue" are refused with 503 durable_mode_unavailable (run durable mode with `npm start`).',
    );
  }

  // No durable client here: durable-mode jobs are refused, and orchestrations and activities are not served.
  const definitions = defineFunctions(() => services);
  const listeners = definitions
    .filter((d): d is QueueFunctionDefinition => d.kind === 'queue')
    .map((definition) => {
      const queueName = resolveBindingExpression(definition.queueName, config);
      const isPoisonQueue = queueName.endsWith('-poison');
      return new QueueListener({
        functionName: definition.name,
        queue: services.storage.queue(queueName),
        ...(isPoisonQueue ? {} : { poisonQueue: services.storage.queue(`${queueName}-poison`) }),
        handler: definition.handler,
        settings: hostSettings,
        leaseSeconds: config.runtimeMessageLeaseSeconds,
        log,
      });
    });
  startMetrics();
  const server = createHttpServer(
    definitions.filter((d): d is HttpFunctionDefinition => d.kind === 'http'),
    { log, runtimeRoutes: { '/metrics': metricsResponse } },
  );
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? config.port, config.bindAddress, resolve),
  );
  for (const listener of listeners) listener.start();
  const timers = startTimers(
    definitions.filter((d): d is TimerFunctionDefinition => d.kind === 'timer'),
    { log, ...(options.timerPeriodMs !== undefined ? { periodMs: options.timerPeriodMs } : {}) },
  );
  const { port } = server.address() as AddressInfo;

  let stopped: Promise<void> | undefined;
  return {
    url: `http://${urlHost(config.bindAddress)}:${port}`,
    services,
    listeners,
    stop() {
      stopped ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await Promise.all([...listeners.map((l) => l.stop()), timers.stop()]);
        await closed;
        // Its parse threads end with it, once in-flight messages are done; services a caller passed in are
        // the caller's to end.
        if (!options.services) await services.parsing.destroy();
      })();
      return stopped;
    },
  };
}
