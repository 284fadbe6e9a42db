/**
 * Benchmark 11: does the cost of a file grow with the size of its job? Jobs of 1,000, 10,000 (and, when
 * asked, 100,000) one-line files, each on a fresh in-memory Azurite, through one local runtime at its default
 * concurrency. While the job runs, its status is read over HTTP every 250 ms. Every storage call the app
 * makes is logged with its operation, latency and time (test/helpers/storageCalls.ts), so a slowdown can be
 * split into "more calls per item" (the design) and "slower calls" (the emulator).
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { JobStatusBody } from '../src/lib/jobs/jobStatusBody.js';
import { createServices } from '../src/lib/services.js';
import { ensureResources } from '../src/lib/storage/ensureResources.js';
import { isTerminal } from '../src/lib/tracker/entities.js';
import { startLocalRuntime } from '../src/runtime/localRuntime.js';
import { countingStorageClients, StorageCallLog, type StorageCall } from '../test/helpers/storageCalls.js';
import { benchConfig, startEmulator, uploadFiles, type EmulatorKind } from './storage.js';
import { stats, type Stats } from './submission.js';

export interface OperationShift {
  operation: string;
  /** Calls per item, and median latency, in the first and in the last tenth of the job's items. */
  firstPerItem: number;
  lastPerItem: number;
  firstMedianMs: number;
  lastMedianMs: number;
}

export interface ScaleResult {
  files: number;
  /** Absent: one in-memory Azurite (results written before the split emulator existed). */
  emulator?: EmulatorKind;
  postMs: number;
  seconds: number;
  /** Seconds of each planner page: from its listing call until the planner logged it planned (no waiting). */
  pageSeconds: number[];
  firstTenthItemsPerSecond: number;
  lastTenthItemsPerSecond: number;
  /** Items/s over each tenth of the job's items, in order: where the middle of a job sags, the ends may not. */
  tenthsItemsPerSecond: number[];
  status: Stats & { p99: number };
  /** Storage calls per item over the whole job. */
  callsPerItem: number;
  /** The operations that cost most time in the last tenth, with how they changed since the first. */
  shifts: OperationShift[];
  azuriteCpuSecondsPerThousandItems: { first: number; last: number };
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}
const median = (values: number[]): number => quantile(values, 0.5);

interface Sample {
  at: number;
  total: number;
  processed: number;
  azuriteCpu: number;
}

/** When `processed` first reached `count`, from the samples. */
const reached = (samples: readonly Sample[], count: number): Sample | undefined =>
  samples.find((s) => s.processed >= count);

function shiftsOf(
  calls: readonly StorageCall[],
  first: [number, number],
  last: [number, number],
  tenth: number,
) {
  const inWindow = ([from, to]: [number, number]) => calls.filter((c) => c.at >= from && c.at < to);
  const group = (list: StorageCall[]) => {
    const by = new Map<string, number[]>();
    for (const call of list) {
      const name = `${call.service} ${call.operation}`;
      by.set(name, [...(by.get(name) ?? []), call.ms]);
    }
    return by;
  };
  const before = group(inWindow(first));
  const after = group(inWindow(last));
  const lastTime = (name: string) => (after.get(name) ?? []).reduce((a, b) => a + b, 0);
  return [...new Set([...before.keys(), ...after.keys()])]
    .sort((a, b) => lastTime(b) - lastTime(a))
    .slice(0, 6)
    .map((operation) => ({
      operation,
      firstPerItem: (before.get(operation)?.length ?? 0) / tenth,
      lastPerItem: (after.get(operation)?.length ?? 0) / tenth,
      firstMedianMs: median(before.get(operation) ?? []),
      lastMedianMs: median(after.get(operation) ?? []),
    }));
}

export async function measureScale(
  files: number,
  log: (line: string) => void,
  emulator: EmulatorKind = 'in-memory',
): Promise<ScaleResult> {
  const { azurite, cpuSeconds: cpu } = await startEmulator(emulator);
  try {
    const config = benchConfig(azurite);
    const calls = new StorageCallLog();
    const { storage } = countingStorageClients(config.storage, calls);
    const services = createServices(config, { storage });
    await ensureResources(config, services.storage);
    const source = 'scale-source';
    const names = Array.from({ length: files }, (_, i) => `docs/${String(i).padStart(6, '0')}.txt`);
    await uploadFiles(
      services,
      source,
      (function* () {
        for (const [i, name] of names.entries()) yield [name, `Line ${i} of the file.\n`] as [string, string];
      })(),
      64,
    );
    log(`  ${files} files uploaded`);
    calls.reset();
    // Pages wait while the translation queue is full (PLANNER_QUEUE_HIGH_WATER): a page's time runs from its
    // listing call to the planner's "planned page" line, so waiting is left out.
    const plannedAt: number[] = [];
    const runtimeLog = (line: string) => {
      if (line.includes('planned page')) plannedAt.push(performance.now());
    };
    const runtime = await startLocalRuntime({ config, services, port: 0, log: runtimeLog });
    try {
      const api = `${runtime.url}/api`;
      const started = performance.now();
      const response = await fetch(`${api}/jobs`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          source_container: source,
          target_container: 'scale-out',
          target_languages: ['es'],
        }),
      });
      const postMs = performance.now() - started;
      if (response.status !== 202) throw new Error(`POST /api/jobs answered ${response.status}`);
      const jobId = ((await response.json()) as { job_id: string }).job_id;
      const samples: Sample[] = [];
      const statusMs: number[] = [];
      let lastLog = 0;
      for (;;) {
        const before = performance.now();
        const status = (await (await fetch(`${api}/jobs/${jobId}`)).json()) as JobStatusBody;
        const at = performance.now();
        statusMs.push(at - before);
        samples.push({ at, total: status.total_files, processed: status.processed_files, azuriteCpu: cpu() });
        if (at - lastLog > 15_000) {
          lastLog = at;
          log(
            `  ${((at - started) / 1000).toFixed(0)} s: ${status.total_files} planned, ${status.processed_files} done`,
          );
        }
        if (isTerminal(status.status)) break;
        await delay(250);
      }
      const end = performance.now();
      const listedAt = calls.calls
        .filter((c) => c.service === 'blob' && c.operation === 'list blobs')
        .map((c) => c.at - c.ms);
      const pageSeconds = plannedAt.map(
        (at) => (at - Math.max(...listedAt.filter((listed) => listed <= at))) / 1000,
      );
      const tenth = Math.max(1, Math.floor(files / 10));
      const firstFrom = samples.find((s) => s.processed > 0) ?? samples[0];
      const firstTo = reached(samples, tenth);
      const lastFrom = reached(samples, files - tenth);
      const lastTo = reached(samples, files);
      if (!firstFrom || !firstTo || !lastFrom || !lastTo) throw new Error('the job did not finish its items');
      const rate = (a: Sample, b: Sample) =>
        (b.processed - a.processed) / Math.max(0.001, (b.at - a.at) / 1000);
      return {
        files,
        emulator,
        postMs,
        seconds: (end - started) / 1000,
        pageSeconds,
        firstTenthItemsPerSecond: rate(firstFrom, firstTo),
        tenthsItemsPerSecond: Array.from({ length: 10 }, (_, i) => {
          const from = i === 0 ? firstFrom : reached(samples, i * tenth);
          const to = reached(samples, i === 9 ? files : (i + 1) * tenth);
          return from && to ? rate(from, to) : NaN;
        }),
        lastTenthItemsPerSecond: rate(lastFrom, lastTo),
        status: { ...stats(statusMs), p99: quantile(statusMs, 0.99) },
        callsPerItem: calls.count() / files,
        shifts: shiftsOf(calls.calls, [firstFrom.at, firstTo.at], [lastFrom.at, lastTo.at], tenth),
        azuriteCpuSecondsPerThousandItems: {
          first:
            ((firstTo.azuriteCpu - firstFrom.azuriteCpu) / (firstTo.processed - firstFrom.processed)) * 1000,
          last: ((lastTo.azuriteCpu - lastFrom.azuriteCpu) / (lastTo.processed - lastFrom.processed)) * 1000,
        },
      };
    } finally {
      await runtime.stop();
    }
  } finally {
    await azurite.stop();
  }
}
