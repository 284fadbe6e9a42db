/**
 * Benchmark 1's "ours": the local runtime (the same handlers and host.json queue semantics as `npm run serve`)
 * translating the bench's files, at host.json's concurrency or at a given number of items in flight.
 */
import { cpus } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import { startLocalRuntime } from '../src/runtime/localRuntime.js';
import { queueHostSettings, readHostJson, type QueueHostSettings } from '../src/runtime/hostSettings.js';
import { isTerminal, sumShards } from '../src/lib/tracker/entities.js';
import type { AppConfig } from '../src/lib/config.js';
import { extensionOf, textFormatFor } from '../src/lib/formats/registry.js';
import type { Services } from '../src/lib/services.js';
import { closeWindow, openWindow, SOURCE, TARGET, type ThroughputResult } from './pipeline.js';
import { freshStorage, unheldPlanner, uploadFiles } from './storage.js';

export interface OursOptions {
  /** Items in flight per listener (batchSize + newBatchThreshold); host.json's own settings when absent. */
  inFlight?: number;
  /**
   * Plan the job before the clock starts (planner alone, workers on an unused queue), then time the workers
   * alone from a full queue: what the reference consumers are measured on.
   */
  prePlanned?: boolean;
}

/**
 * host.json settings giving `inFlight` items at most: the listener fetches `batchSize` once in-flight work
 * drops to `newBatchThreshold`, so it holds up to their sum. batchSize ⅔ of it (at most 32, the host's limit).
 */
export function settingsFor(inFlight: number): Pick<QueueHostSettings, 'batchSize' | 'newBatchThreshold'> {
  const batchSize = Math.max(1, Math.min(32, Math.round((inFlight * 2) / 3)));
  return { batchSize, newBatchThreshold: Math.max(0, inFlight - batchSize) };
}

async function postJob(url: string): Promise<string> {
  const response = await fetch(`${url}/api/jobs`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ source_container: SOURCE, target_container: TARGET, target_language: 'es' }),
  });
  if (response.status !== 202) throw new Error(`POST /api/jobs answered ${response.status}`);
  return ((await response.json()) as { job_id: string }).job_id;
}

interface Progress {
  processed: number;
  planned?: { at: number; processed: number };
}

/** Polls the job's snapshot (one table query) every 100 ms until `done` says so. */
async function follow(
  services: Services,
  jobId: string,
  done: (job: { status: string; planning_done: boolean }) => boolean,
): Promise<Progress> {
  const progress: Progress = { processed: 0 };
  for (;;) {
    const snapshot = await services.tracker.readSnapshot(jobId);
    if (!snapshot) throw new Error('job vanished');
    const counts = sumShards(snapshot.shards);
    progress.processed = counts.succeeded + counts.failed + counts.cancelled;
    if (!progress.planned && snapshot.job.planning_done)
      progress.planned = { at: performance.now(), processed: progress.processed };
    if (done(snapshot.job)) return progress;
    if (isTerminal(snapshot.job.status)) throw new Error(`job ended ${snapshot.job.status}`);
    await delay(100);
  }
}

/**
 * The parse pool is one per process (`parsePoolFor`) and its threads load each format's modules on first use,
 * which takes seconds on a loaded machine: warmed before the clock, so whichever configuration runs first is
 * not charged for it (a long-running runtime pays it once).
 */
export async function warmParseThreads(services: Services, files: Map<string, string>): Promise<void> {
  const byExtension = new Map<string, string>();
  for (const path of files.keys())
    if (!byExtension.has(extensionOf(path))) byExtension.set(extensionOf(path), path);
  const tasks: Promise<unknown>[] = [];
  for (const path of byExtension.values()) {
    const format = textFormatFor(path);
    const text = files.get(path) ?? '';
    if (!format) continue;
    const context = { targetLanguage: 'es' };
    for (let i = 0; i < 2 * services.config.parsing.threads; i++) {
      tasks.push(
        services.parsing
          .run({ kind: 'keyedSegments', format: format.id, text, context })
          .then(({ segments }) =>
            services.parsing.run({
              kind: 'render',
              format: format.id,
              text,
              context,
              translations: segments.map((pieces) => pieces.map((piece) => piece.text).join('')),
            }),
          ),
      );
    }
  }
  await Promise.all(tasks);
}

/** Planning alone, before the clock: the workers listen on an unused queue, so every planned item waits. */
async function planAhead(config: AppConfig, services: Services, host: QueueHostSettings): Promise<string> {
  const unused = `${config.translationQueue}-idle`;
  const plannerOnly = { ...config, translationQueue: unused, translationPoisonQueue: `${unused}-poison` };
  const runtime = await startLocalRuntime({
    config: plannerOnly,
    services: unheldPlanner(services),
    hostSettings: host,
    port: 0,
    log: () => undefined,
  });
  try {
    const jobId = await postJob(runtime.url);
    await follow(services, jobId, (job) => job.planning_done);
    return jobId;
  } finally {
    await runtime.stop();
  }
}

export async function measureOurs(
  files: Map<string, string>,
  latencyMs: number,
  options: OursOptions = {},
): Promise<ThroughputResult> {
  const defaults = queueHostSettings(readHostJson(), cpus().length);
  const host = options.inFlight ? { ...defaults, ...settingsFor(options.inFlight) } : defaults;
  const inFlight = host.batchSize + host.newBatchThreshold;
  const storage = await freshStorage({ PSEUDO_LATENCY_MS: String(latencyMs) });
  try {
    const { config, services } = storage;
    await uploadFiles(services, SOURCE, files);
    await warmParseThreads(services, files);
    const planned = options.prePlanned ? await planAhead(config, services, host) : undefined;
    // Planned beforehand, the workers start on a full queue: the clock starts with them.
    const early = options.prePlanned ? openWindow(storage) : undefined;
    const runtime = await startLocalRuntime({
      config,
      services,
      hostSettings: host,
      port: 0,
      log: () => undefined,
    });
    try {
      const w = early ?? openWindow(storage);
      const jobId = planned ?? (await postJob(runtime.url));
      const progress = await follow(services, jobId, (job) => job.status === 'completed');
      const end = performance.now();
      const window = closeWindow(storage, w);
      const { processed, planned: at } = progress;
      const after =
        at && !options.prePlanned
          ? {
              items: processed - at.processed,
              seconds: (end - at.at) / 1000,
              filesPerSecond: (processed - at.processed) / ((end - at.at) / 1000),
            }
          : undefined;
      return {
        consumer: options.prePlanned ? 'ours (local runtime, planned beforehand)' : 'ours (local runtime)',
        latencyMs,
        items: processed,
        seconds: window.seconds,
        filesPerSecond: processed / window.seconds,
        ...(after ? { afterPlanning: after } : {}),
        concurrency: `${options.inFlight ? '' : 'host.json: '}batchSize ${host.batchSize}, newBatchThreshold ${host.newBatchThreshold} (up to ${inFlight} in flight)`,
        inFlight,
        ...(options.prePlanned ? { prePlanned: true } : {}),
        azuriteCores: window.azuriteCores,
        benchCores: window.benchCores,
      };
    } finally {
      await runtime.stop();
    }
  } finally {
    await storage.stop();
  }
}
