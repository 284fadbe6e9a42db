/**
 * Benchmark 7: storage calls per item, by stage (plan, translate, record, close), for a cache miss and the two
 * kinds of cache hit. Every blob, queue and table client counts its requests (test/helpers/storageCalls.ts);
 * the stage a call belongs to is the queue handler or tracker operation it ran in (AsyncLocalStorage), and a
 * call made by the queue listener itself (receive, delete) belongs to the stage of its queue.
 */
import { cpus } from 'node:os';
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { startAzurite } from '../scripts/azurite.js';
import { loadConfig } from '../src/lib/config.js';
import { createServices, type Services } from '../src/lib/services.js';
import { ensureResources } from '../src/lib/storage/ensureResources.js';
import { planJobHandler, translateFileHandler, type QueueHandler } from '../src/functions/queue/handlers.js';
import { queueHostSettings, readHostJson } from '../src/runtime/hostSettings.js';
import { QueueListener } from '../src/runtime/queueListener.js';
import { isTerminal } from '../src/lib/tracker/entities.js';
import type { Tracker } from '../src/lib/tracker/tracker.js';
import { submitJob } from '../test/helpers/jobs.js';
import { countingStorageClients, Stages, type StorageCall } from '../test/helpers/storageCalls.js';
import { smallMixedFiles } from './fixtures.js';
import { uploadFiles } from './storage.js';

export const STAGES = ['plan', 'translate', 'record', 'close'] as const;
export const RUNS = ['miss', 'kept', 'copied'] as const;
export type Run = (typeof RUNS)[number];

export interface CallsRun {
  run: Run;
  items: number;
  seconds: number;
  /** `stage|service operation` → calls during the job (not per item) and their summed latency. */
  calls: Record<string, { calls: number; ms: number }>;
  /** Receives that found the queue empty while the job ran: a cost of time, not of items. */
  idlePolls: number;
  /** Submitting the job (POST /api/jobs): per job, not per item. */
  submitCalls: number;
  status: string;
}

export interface CallsResult {
  files: number;
  concurrency: string;
  runs: CallsRun[];
}

export interface CallsResults {
  /** One source, three jobs: a cache miss, then the two kinds of hit. */
  byRun: CallsResult;
  /** A cache miss at two job sizes, each on a fresh emulator: what grows with the job. */
  bySize: CallsResult[];
}

const SOURCE = 'calls-source';

/** The tracker's operations that are stages of their own, wherever they are called from. */
function stagedTracker(tracker: Tracker, stages: Stages): Tracker {
  return {
    ...tracker,
    record: (outcome) => stages.run('record', () => tracker.record(outcome)),
    checkCompletion: (jobId) => stages.run('close', () => tracker.checkCompletion(jobId)),
    closeJob: (jobId) => stages.run('close', () => tracker.closeJob(jobId)),
    startItem: (jobId) => {
      const item = tracker.startItem(jobId);
      return { ...item, checkCompletion: () => stages.run('close', () => item.checkCompletion()) };
    },
  };
}

const staged =
  (stages: Stages, stage: string, handler: QueueHandler): QueueHandler =>
  (message, context) =>
    stages.run(stage, () => handler(message, context));

function stageOf(call: StorageCall, queues: { plan: string; translation: string }): string {
  if (call.stage) return call.stage;
  if (call.service === 'queue' && call.resource === queues.plan) return 'plan';
  if (call.service === 'queue' && call.resource === queues.translation) return 'translate';
  return 'other';
}

export async function measureCalls(
  files: number,
  which: readonly Run[],
  log: (line: string) => void,
): Promise<CallsResult> {
  const azurite = await startAzurite();
  const id = `c${randomBytes(4).toString('hex')}`;
  const config = loadConfig(
    {
      AzureWebJobsStorage: azurite.connectionString,
      TRANSLATION_QUEUE: `${id}-jobs`,
      PLAN_QUEUE: `${id}-plan`,
      JOBS_TABLE: `${id}jobs`,
      CACHE_TABLE: `${id}cache`,
      TRANSLATION_CACHE: 'true',
      PORT: '0',
    },
    {},
  );
  const { storage, log: calls } = countingStorageClients(config.storage);
  const { stages } = calls;
  const plain = createServices(config, { storage });
  const services: Services = { ...plain, tracker: stagedTracker(plain.tracker, stages) };
  const settings = queueHostSettings(readHostJson(), cpus().length);
  const listeners: QueueListener[] = [];
  try {
    await ensureResources(config, services.storage);
    await uploadFiles(services, SOURCE, smallMixedFiles(files));
    for (const [queue, stage, handler] of [
      [config.planQueue, 'plan', planJobHandler(() => services)],
      [config.translationQueue, 'translate', translateFileHandler(() => services)],
    ] as const) {
      listeners.push(
        new QueueListener({
          functionName: stage,
          queue: storage.queue(queue),
          poisonQueue: storage.queue(`${queue}-poison`),
          handler: staged(stages, stage, handler),
          settings,
          leaseSeconds: config.runtimeMessageLeaseSeconds,
          log: () => undefined,
        }),
      );
    }
    for (const listener of listeners) listener.start();

    const runs: CallsRun[] = [];
    const targets: Record<Run, string> = { miss: 'calls-a', kept: 'calls-a', copied: 'calls-b' };
    for (const run of which) {
      const target = targets[run];
      log(`calls: ${files} files, cache ${run}...`);
      calls.reset();
      const started = performance.now();
      const job = await stages.run('submit', () =>
        submitJob(services, { source_container: SOURCE, target_container: target, target_language: 'es' }),
      );
      let status = '';
      for (;;) {
        const snapshot = await stages.run('observer', () => services.tracker.readSnapshot(job.job_id));
        status = snapshot?.job.status ?? 'missing';
        if (isTerminal(status)) break;
        await delay(100);
      }
      // The last item's message is deleted after its job closed: wait for the listener to settle it.
      const worker = listeners[1];
      while (worker && worker.processed + worker.failed < files * (runs.length + 1)) await delay(20);
      const seconds = (performance.now() - started) / 1000;
      const counts: CallsRun['calls'] = {};
      let idlePolls = 0;
      let submitCalls = 0;
      for (const call of calls.calls) {
        const stage = stageOf(call, { plan: config.planQueue, translation: config.translationQueue });
        if (stage === 'observer') continue;
        if (stage === 'submit') {
          submitCalls++;
          continue;
        }
        if (call.operation === 'receive (empty)') {
          idlePolls++;
          continue;
        }
        const key = `${stage}|${call.service} ${call.operation}`;
        const sum = (counts[key] ??= { calls: 0, ms: 0 });
        sum.calls++;
        sum.ms += call.ms;
      }
      runs.push({ run, items: files, seconds, calls: counts, idlePolls, submitCalls, status });
      const total = Object.values(counts).reduce((a, b) => a + b.calls, 0);
      log(`  ${status} in ${seconds.toFixed(1)} s; ${total} calls (${(total / files).toFixed(2)} per item)`);
    }
    return {
      files,
      concurrency: `host.json: batchSize ${settings.batchSize}, newBatchThreshold ${settings.newBatchThreshold}`,
      runs,
    };
  } finally {
    await Promise.all(listeners.map((l) => l.stop()));
    await plain.parsing.destroy();
    await azurite.stop();
  }
}
