/**
 * Benchmark 7: a dry run's estimate against the time to plan the same container, and against what the real
 * run then charges with the pseudo provider.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { toJobStatusBody, type JobStatusBody } from '../src/lib/jobs/jobStatusBody.js';
import { isTerminal } from '../src/lib/tracker/entities.js';
import { startLocalRuntime } from '../src/runtime/localRuntime.js';
import { smallMixedFiles } from './fixtures.js';
import type { Services } from '../src/lib/services.js';
import { freshStorage, unheldPlanner, uploadFiles } from './storage.js';

export interface EstimateResult {
  blobs: number;
  /** From the POST of a normal job to planning_complete, with only the planner running. */
  planSeconds: number;
  /** From the POST of the dry run to `estimated`, planner and workers running. */
  dryRunSeconds: number;
  /** When the dry run's own planning completed (first poll that saw it). */
  dryRunPlanSeconds: number;
  /** Azurite's CPU seconds while planning, and while the dry run ran: the emulator's share of each. */
  planAzuriteCpu: number;
  dryRunAzuriteCpu: number;
  estimatedCharacters: number;
  estimatedSegments: number;
  /** From the POST of the real job to its end. */
  realSeconds: number;
  chargedCharacters: number;
  realStatus: string;
}

async function post(url: string, body: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${url}/api/jobs`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 202) throw new Error(`POST answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { job_id: string }).job_id;
}

/** Polls the tracker until `done`; returns the status and when planning was first seen complete. */
async function until(
  services: Services,
  jobId: string,
  started: number,
  done: (job: JobStatusBody) => boolean,
): Promise<{ job: JobStatusBody; seconds: number; planSeconds: number }> {
  let planSeconds = NaN;
  for (;;) {
    // A loaded emulator sometimes resets a connection: a missed poll is simply the next one.
    const snapshot = await services.tracker.readSnapshot(jobId).catch(() => undefined);
    const job = snapshot && toJobStatusBody(snapshot);
    const seconds = (performance.now() - started) / 1000;
    if (job?.planning_complete && Number.isNaN(planSeconds)) planSeconds = seconds;
    if (job && done(job)) return { job, seconds, planSeconds };
    await delay(100);
  }
}

/** A fresh emulator holding the same source: each run below gets its own, so none inherits another's rows. */
async function withFreshSource<T>(
  blobs: number,
  log: (line: string) => void,
  run: (storage: Awaited<ReturnType<typeof freshStorage>>) => Promise<T>,
): Promise<T> {
  const storage = await freshStorage();
  try {
    log(`  uploading ${blobs} blobs to a fresh Azurite...`);
    await uploadFiles(storage.services, 'bench-source', smallMixedFiles(blobs), 64);
    return await run(storage);
  } finally {
    await storage.stop();
  }
}

const REQUEST = { source_container: 'bench-source', target_container: 'bench-target', target_language: 'es' };

/** Planning alone, as benchmark 2 measures it: the workers listen on an unused queue. */
async function measurePlanning(storage: Awaited<ReturnType<typeof freshStorage>>) {
  const { services, config } = storage;
  const unused = `${config.translationQueue}-idle`;
  const plannerOnly = { ...config, translationQueue: unused, translationPoisonQueue: `${unused}-poison` };
  const runtime = await startLocalRuntime({
    config: plannerOnly,
    services: unheldPlanner(services),
    port: 0,
    log: () => undefined,
  });
  try {
    const started = performance.now();
    const cpu = storage.azuriteCpuSeconds();
    const jobId = await post(runtime.url, REQUEST);
    const seconds = (await until(services, jobId, started, (job) => job.planning_complete)).seconds;
    return { seconds, azuriteCpu: storage.azuriteCpuSeconds() - cpu };
  } finally {
    await runtime.stop();
  }
}

/** A job through the full local runtime, from its POST to its end. */
async function measureJob(storage: Awaited<ReturnType<typeof freshStorage>>, body: Record<string, unknown>) {
  const { services, config } = storage;
  const runtime = await startLocalRuntime({ config, services, port: 0, log: () => undefined });
  try {
    const started = performance.now();
    const cpu = storage.azuriteCpuSeconds();
    const jobId = await post(runtime.url, body);
    const ended = await until(services, jobId, started, (job) => isTerminal(job.status));
    return { ...ended, azuriteCpu: storage.azuriteCpuSeconds() - cpu };
  } finally {
    await runtime.stop();
  }
}

export async function measureEstimate(blobs: number, log: (line: string) => void): Promise<EstimateResult> {
  log('  planning only...');
  const plan = await withFreshSource(blobs, log, measurePlanning);
  log(`  planned in ${plan.seconds.toFixed(1)} s (Azurite ${plan.azuriteCpu.toFixed(1)} CPU s)`);
  log('  dry run...');
  const dry = await withFreshSource(blobs, log, (storage) =>
    measureJob(storage, { ...REQUEST, dry_run: true }),
  );
  if (dry.job.status !== 'estimated' || !dry.job.estimate)
    throw new Error(`the dry run ended ${dry.job.status}: ${JSON.stringify(dry.job.error)}`);
  log(`  estimated in ${dry.seconds.toFixed(1)} s (Azurite ${dry.azuriteCpu.toFixed(1)} CPU s)`);
  log('  real run...');
  const real = await withFreshSource(blobs, log, (storage) => measureJob(storage, REQUEST));
  return {
    blobs,
    planSeconds: plan.seconds,
    dryRunSeconds: dry.seconds,
    dryRunPlanSeconds: dry.planSeconds,
    planAzuriteCpu: plan.azuriteCpu,
    dryRunAzuriteCpu: dry.azuriteCpu,
    estimatedCharacters: dry.job.estimate.total.characters,
    estimatedSegments: dry.job.estimate.total.segments,
    realSeconds: real.seconds,
    chargedCharacters: real.job.characters_charged,
    realStatus: real.job.status,
  };
}

const f1 = (n: number) => n.toFixed(1);
const int = (n: number) => Math.round(n).toLocaleString('en-US');

/** The report's section, and its rows for the summary table. */
export function estimateSection(r: EstimateResult): {
  lines: string[];
  rows: { benchmark: string; result: string; target: string; verdict: string }[];
} {
  const gap = Math.abs(r.estimatedCharacters - r.chargedCharacters) / Math.max(1, r.chargedCharacters);
  const ratio = r.dryRunSeconds / r.planSeconds;
  const accurate = gap <= 0.01;
  const asFast = ratio <= 1.25;
  return {
    rows: [
      {
        benchmark: '7a. dry run time ÷ planning time',
        result: `${f1(ratio)}× (${f1(r.dryRunSeconds)} s against ${f1(r.planSeconds)} s, ${int(r.blobs)} blobs)`,
        target: 'the same time (≤ 1.25×)',
        verdict: asFast ? 'met' : 'missed',
      },
      {
        benchmark: '7b. estimate vs charged (pseudo)',
        result: `${(gap * 100).toFixed(3)}% (${int(r.estimatedCharacters)} estimated, ${int(r.chargedCharacters)} charged)`,
        target: '≤ 1%',
        verdict: accurate ? 'met' : 'missed',
      },
    ],
    lines: [
      '## 7. Dry-run estimate',
      '',
      `**Method.** ${int(r.blobs)} small files of mixed kinds (the pipeline benchmark's generator), uploaded to a fresh Azurite for each of three runs, so no run inherits another's rows. Time to plan: a normal job with only the planner running (workers on an unused queue), from \`POST /api/jobs\` to \`planning_complete\`, as in benchmark 2. The dry run: the full local runtime (planner and workers, host.json concurrency), a \`"dry_run": true\` job timed from its POST to \`estimated\`. The real run: the same job without \`dry_run\`, pseudo provider, from its POST to its end. The estimate reads and parses every file as the worker would, with a meter in place of the provider; in queue mode the planner measures each page's items itself (\`PLANNER_ESTIMATE_CONCURRENCY\`, default 16, at a time) instead of sending them through the translation queue.`,
      '',
      '| blobs | time to plan (Azurite CPU) | dry run to `estimated` (Azurite CPU) | its planning done at | real run | estimated characters | charged characters | difference |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      `| ${int(r.blobs)} | ${f1(r.planSeconds)} s (${f1(r.planAzuriteCpu)} s) | ${f1(r.dryRunSeconds)} s (${f1(r.dryRunAzuriteCpu)} s) | ${f1(r.dryRunPlanSeconds)} s | ${f1(r.realSeconds)} s (${r.realStatus}) | ${int(r.estimatedCharacters)} (${int(r.estimatedSegments)} segments) | ${int(r.chargedCharacters)} | ${(gap * 100).toFixed(3)}% |`,
      '',
      `**Estimate within 1% of the charge: ${accurate ? 'met' : 'missed'}.** **Estimate in the time planning takes: ${asFast ? 'met' : 'missed'}** (${f1(ratio)}×). An exact estimate must read every file: where planning costs one item row (in transactions of 100) and one queue message per item, the dry run costs the same item row, one blob read, one translation-cache lookup, a parse on the parse pool and one outcome (recorded in shared transactions), and no queue message, receive or delete.`,
      '',
    ],
  };
}
