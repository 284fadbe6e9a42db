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
import { EMULATOR_NAMES, freshStorage, unheldPlanner, uploadFiles, type EmulatorKind } from './storage.js';
import { splitEmulatorMissing } from './splitEmulator.js';

export interface EmulatorTiming {
  planSeconds: number;
  dryRunSeconds: number;
  planAzuriteCpu: number;
  dryRunAzuriteCpu: number;
  planAppCpu: number;
  dryRunAppCpu: number;
}

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
  /** This process's CPU seconds (the local runtime: its event loop and parse threads) for each. */
  planAppCpu?: number;
  dryRunAppCpu?: number;
  /** Planning and the dry run again on other emulators (bench/storage.ts), or why one was not measured. */
  otherEmulators?: { kind: EmulatorKind; timing: EmulatorTiming | { missing: string } }[];
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
  emulator: EmulatorKind = 'in-memory',
): Promise<T> {
  const storage = await freshStorage({}, {}, emulator);
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
    const appCpu = process.cpuUsage();
    const jobId = await post(runtime.url, REQUEST);
    const seconds = (await until(services, jobId, started, (job) => job.planning_complete)).seconds;
    return { seconds, azuriteCpu: storage.azuriteCpuSeconds() - cpu, appCpu: cpuSince(appCpu) };
  } finally {
    await runtime.stop();
  }
}

/** CPU seconds of this process (all its threads) since `start`. */
function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

/** Planning alone and the dry run, each on a fresh emulator of `kind` holding the same source. */
async function timePlanAndDryRun(blobs: number, log: (line: string) => void, kind: EmulatorKind) {
  log(`  planning only (${kind} emulator)...`);
  const plan = await withFreshSource(blobs, log, measurePlanning, kind);
  log(`  planned in ${plan.seconds.toFixed(1)} s (Azurite ${plan.azuriteCpu.toFixed(1)} CPU s)`);
  log(`  dry run (${kind} emulator)...`);
  const dry = await withFreshSource(
    blobs,
    log,
    (storage) => measureJob(storage, { ...REQUEST, dry_run: true }),
    kind,
  );
  if (dry.job.status !== 'estimated' || !dry.job.estimate)
    throw new Error(`the dry run ended ${dry.job.status}: ${JSON.stringify(dry.job.error)}`);
  log(`  estimated in ${dry.seconds.toFixed(1)} s (Azurite ${dry.azuriteCpu.toFixed(1)} CPU s)`);
  return { plan, dry, estimate: dry.job.estimate };
}

/** A job through the full local runtime, from its POST to its end. */
async function measureJob(storage: Awaited<ReturnType<typeof freshStorage>>, body: Record<string, unknown>) {
  const { services, config } = storage;
  const runtime = await startLocalRuntime({ config, services, port: 0, log: () => undefined });
  try {
    const started = performance.now();
    const cpu = storage.azuriteCpuSeconds();
    const appCpu = process.cpuUsage();
    const jobId = await post(runtime.url, body);
    const ended = await until(services, jobId, started, (job) => isTerminal(job.status));
    return { ...ended, azuriteCpu: storage.azuriteCpuSeconds() - cpu, appCpu: cpuSince(appCpu) };
  } finally {
    await runtime.stop();
  }
}

export async function measureEstimate(
  blobs: number,
  log: (line: string) => void,
  otherKinds: readonly EmulatorKind[] = ['split-mariadb', 'release'],
): Promise<EstimateResult> {
  const { plan, dry, estimate } = await timePlanAndDryRun(blobs, log, 'in-memory');
  log('  real run...');
  const real = await withFreshSource(blobs, log, (storage) => measureJob(storage, REQUEST));
  const otherEmulators: NonNullable<EstimateResult['otherEmulators']> = [];
  for (const kind of otherKinds) {
    const missing = kind.startsWith('split') ? splitEmulatorMissing() : undefined;
    if (missing) {
      otherEmulators.push({ kind, timing: { missing } });
      continue;
    }
    const other = await timePlanAndDryRun(blobs, log, kind);
    otherEmulators.push({
      kind,
      timing: {
        planSeconds: other.plan.seconds,
        dryRunSeconds: other.dry.seconds,
        planAzuriteCpu: other.plan.azuriteCpu,
        dryRunAzuriteCpu: other.dry.azuriteCpu,
        planAppCpu: other.plan.appCpu,
        dryRunAppCpu: other.dry.appCpu,
      },
    });
  }
  return {
    blobs,
    planSeconds: plan.seconds,
    dryRunSeconds: dry.seconds,
    dryRunPlanSeconds: dry.planSeconds,
    planAzuriteCpu: plan.azuriteCpu,
    dryRunAzuriteCpu: dry.azuriteCpu,
    planAppCpu: plan.appCpu,
    dryRunAppCpu: dry.appCpu,
    ...(otherEmulators.length > 0 ? { otherEmulators } : {}),
    estimatedCharacters: estimate.total.characters,
    estimatedSegments: estimate.total.segments,
    realSeconds: real.seconds,
    chargedCharacters: real.job.characters_charged,
    realStatus: real.job.status,
  };
}

const f1 = (n: number) => n.toFixed(1);
const int = (n: number) => Math.round(n).toLocaleString('en-US');

const cpuPair = (emulator: number, app: number | undefined) =>
  app === undefined ? `${f1(emulator)} s` : `${f1(emulator)} s, app ${f1(app)} s`;

/** Why §7 times an emulator besides the tests' own: where its reads differ from Azurite 3.35's scans (§11b). */
const EMULATOR_WHY: Record<EmulatorKind, string> = {
  'in-memory': 'the in-memory Azurite again',
  'split-mariadb':
    "on Azurite split into its three services with the blob metadata in MariaDB (`bench/splitEmulator.ts`), where reading a blob is an indexed lookup as on Azure instead of a scan of the account's blobs",
  'split-indexed':
    'on the split emulator with blob metadata in MariaDB and table lookups through the RowKey index (`bench/indexedTableLookups.js`)',
  release:
    'on Azurite 3.37 run by Node 22 (`scripts/azuriteRelease.ts`), which looks blobs and entities up by name through its indices',
};

/** The other emulators' lines of the timing table, or why one was not measured. */
function otherRows(r: EstimateResult): string[] {
  return (r.otherEmulators ?? []).map(({ kind, timing: t }) =>
    'missing' in t
      ? `| ${EMULATOR_NAMES[kind]} | not measured: ${t.missing} | | |`
      : `| ${EMULATOR_NAMES[kind]} | ${f1(t.planSeconds)} s (${cpuPair(t.planAzuriteCpu, t.planAppCpu)}) | ${f1(t.dryRunSeconds)} s (${cpuPair(t.dryRunAzuriteCpu, t.dryRunAppCpu)}) | ${f1(t.dryRunSeconds / t.planSeconds)}× |`,
  );
}

/** Each other emulator measured, with its dry run ÷ planning. */
const measuredOthers = (r: EstimateResult) =>
  (r.otherEmulators ?? []).flatMap(({ kind, timing }) =>
    'missing' in timing ? [] : [{ kind, timing, ratio: timing.dryRunSeconds / timing.planSeconds }],
  );

/** The report's section, and its rows for the summary table. */
export function estimateSection(r: EstimateResult): {
  lines: string[];
  rows: { benchmark: string; result: string; target: string; verdict: string }[];
} {
  const gap = Math.abs(r.estimatedCharacters - r.chargedCharacters) / Math.max(1, r.chargedCharacters);
  const ratio = r.dryRunSeconds / r.planSeconds;
  const others = measuredOthers(r);
  const othersText = others
    .map(
      ({ kind, timing, ratio }) =>
        `; ${f1(ratio)}× (${EMULATOR_NAMES[kind]}: ${f1(timing.dryRunSeconds)} s against ${f1(timing.planSeconds)} s)`,
    )
    .join('');
  const accurate = gap <= 0.01;
  const asFast = ratio <= 1.25 && others.every((o) => o.ratio <= 1.25);
  return {
    rows: [
      {
        benchmark: '7a. dry run time ÷ planning time',
        result:
          `${f1(ratio)}× (${f1(r.dryRunSeconds)} s against ${f1(r.planSeconds)} s, ${int(r.blobs)} blobs)` +
          othersText,
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
      `**Method.** ${int(r.blobs)} small files of mixed kinds (the pipeline benchmark's generator), uploaded to a fresh emulator for each run, so no run inherits another's rows. Time to plan: a normal job with only the planner running (workers on an unused queue), from \`POST /api/jobs\` to \`planning_complete\`, as in benchmark 2. The dry run: the full local runtime (planner and workers, host.json concurrency), a \`"dry_run": true\` job timed from its POST to \`estimated\`. The real run: the same job without \`dry_run\`, pseudo provider, from its POST to its end. The estimate reads and parses every file as the worker would, with a meter in place of the provider; in queue mode the planner measures each page's items itself (\`PLANNER_ESTIMATE_CONCURRENCY\`, default 16, at a time) instead of sending them through the translation queue. Planning and the dry run are timed on the in-memory Azurite 3.35 the tests use${(r.otherEmulators ?? []).map(({ kind }) => `, then ${EMULATOR_WHY[kind]}`).join('')}. CPU: the emulator's processes (with MariaDB) and this process (the local runtime's event loop and parse threads), from /proc and \`process.cpuUsage()\`.`,
      '',
      '| emulator | time to plan (CPU) | dry run to `estimated` (CPU) | dry run ÷ planning |',
      '| --- | --- | --- | --- |',
      `| one in-memory Azurite | ${f1(r.planSeconds)} s (${cpuPair(r.planAzuriteCpu, r.planAppCpu)}) | ${f1(r.dryRunSeconds)} s (${cpuPair(r.dryRunAzuriteCpu, r.dryRunAppCpu)}); its planning done at ${f1(r.dryRunPlanSeconds)} s | ${f1(ratio)}× |`,
      ...otherRows(r),
      '',
      '| blobs | real run (in-memory Azurite) | estimated characters | charged characters | difference |',
      '| --- | --- | --- | --- | --- |',
      `| ${int(r.blobs)} | ${f1(r.realSeconds)} s (${r.realStatus}) | ${int(r.estimatedCharacters)} (${int(r.estimatedSegments)} segments) | ${int(r.chargedCharacters)} | ${(gap * 100).toFixed(3)}% |`,
      '',
      `**Estimate within 1% of the charge: ${accurate ? 'met' : 'missed'}.** **Estimate in the time planning takes: ${asFast ? 'met' : 'missed'}** (${f1(ratio)}×${others.map(({ kind, ratio: other }) => `, ${f1(other)}× (${EMULATOR_NAMES[kind]})`).join('')}). An exact estimate must read every file: where planning costs one item row (in transactions of 100) and one queue message per item, the dry run costs the same item row, one blob read, one translation-cache lookup, a parse on the parse pool and one outcome (recorded in shared transactions), and no queue message, receive or delete.`,
      '',
    ],
  };
}
