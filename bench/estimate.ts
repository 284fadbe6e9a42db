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
import { freshStorage, unheldPlanner, uploadFiles, type EmulatorKind } from './storage.js';
import { splitEmulatorMissing } from './splitEmulator.js';

/** One job's wall time and the CPU seconds it cost the emulator and this process. */
export interface JobTiming {
  seconds: number;
  azuriteCpu: number;
  appCpu: number;
}

export interface EmulatorTiming {
  planSeconds: number;
  dryRunSeconds: number;
  planAzuriteCpu: number;
  dryRunAzuriteCpu: number;
  planAppCpu: number;
  dryRunAppCpu: number;
  /** The dry run again with DRY_RUN_MEASURED_BY=workers: its items through the translation queue. */
  byWorkers?: JobTiming;
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
  /** The dry run again with DRY_RUN_MEASURED_BY=workers: its items through the translation queue. */
  dryRunByWorkers?: JobTiming;
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
export async function withFreshSource<T>(
  blobs: number,
  log: (line: string) => void,
  run: (storage: Awaited<ReturnType<typeof freshStorage>>) => Promise<T>,
  emulator: EmulatorKind = 'in-memory',
  settings: Record<string, string> = {},
): Promise<T> {
  const storage = await freshStorage(settings, {}, emulator);
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
export async function measurePlanning(
  storage: Awaited<ReturnType<typeof freshStorage>>,
  request: Record<string, unknown> = REQUEST,
) {
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
    const jobId = await post(runtime.url, request);
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

/**
 * Planning alone and the dry run, each on a fresh emulator of `kind` holding the same source; `byWorkers`: the
 * dry run again on another, its items measured by workers through the queue (DRY_RUN_MEASURED_BY=workers).
 */
async function timePlanAndDryRun(
  blobs: number,
  log: (line: string) => void,
  kind: EmulatorKind,
  byWorkers: boolean,
) {
  log(`  planning only (${kind} emulator)...`);
  const plan = await withFreshSource(blobs, log, measurePlanning, kind);
  log(`  planned in ${plan.seconds.toFixed(1)} s (Azurite ${plan.azuriteCpu.toFixed(1)} CPU s)`);
  const dryRun = async (settings: Record<string, string>) => {
    log(`  dry run (${kind} emulator${settings.DRY_RUN_MEASURED_BY ? ', measured by workers' : ''})...`);
    const dry = await measureDryRun(blobs, log, REQUEST, kind, settings);
    log(`  estimated in ${dry.seconds.toFixed(1)} s (Azurite ${dry.azuriteCpu.toFixed(1)} CPU s)`);
    return dry;
  };
  const dry = await dryRun({});
  const workers = byWorkers ? await dryRun({ DRY_RUN_MEASURED_BY: 'workers' }) : undefined;
  if (workers && workers.estimate.total.characters !== dry.estimate.total.characters)
    throw new Error("the workers' estimate differs from the planner's");
  return {
    plan,
    dry,
    estimate: dry.estimate,
    ...(workers
      ? { byWorkers: { seconds: workers.seconds, azuriteCpu: workers.azuriteCpu, appCpu: workers.appCpu } }
      : {}),
  };
}

/** A dry run of `request` on a fresh emulator holding the source, which must end `estimated`. */
export async function measureDryRun(
  blobs: number,
  log: (line: string) => void,
  request: Record<string, unknown>,
  kind: EmulatorKind,
  settings: Record<string, string> = {},
) {
  const dry = await withFreshSource(
    blobs,
    log,
    (storage) => measureJob(storage, { ...request, dry_run: true }),
    kind,
    settings,
  );
  if (dry.job.status !== 'estimated' || !dry.job.estimate)
    throw new Error(`the dry run ended ${dry.job.status}: ${JSON.stringify(dry.job.error)}`);
  return { ...dry, estimate: dry.job.estimate };
}

/** A job through the full local runtime, from its POST to its end. */
export async function measureJob(
  storage: Awaited<ReturnType<typeof freshStorage>>,
  body: Record<string, unknown>,
) {
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
  byWorkers = true,
): Promise<EstimateResult> {
  const { plan, dry, estimate, ...workers } = await timePlanAndDryRun(blobs, log, 'in-memory', byWorkers);
  log('  real run...');
  const real = await withFreshSource(blobs, log, (storage) => measureJob(storage, REQUEST));
  const otherEmulators: NonNullable<EstimateResult['otherEmulators']> = [];
  for (const kind of otherKinds) {
    const missing = kind.startsWith('split') ? splitEmulatorMissing() : undefined;
    if (missing) {
      otherEmulators.push({ kind, timing: { missing } });
      continue;
    }
    const other = await timePlanAndDryRun(blobs, log, kind, byWorkers);
    otherEmulators.push({
      kind,
      timing: {
        planSeconds: other.plan.seconds,
        dryRunSeconds: other.dry.seconds,
        planAzuriteCpu: other.plan.azuriteCpu,
        dryRunAzuriteCpu: other.dry.azuriteCpu,
        planAppCpu: other.plan.appCpu,
        dryRunAppCpu: other.dry.appCpu,
        ...(other.byWorkers ? { byWorkers: other.byWorkers } : {}),
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
    ...(workers.byWorkers ? { dryRunByWorkers: workers.byWorkers } : {}),
    ...(otherEmulators.length > 0 ? { otherEmulators } : {}),
    estimatedCharacters: estimate.total.characters,
    estimatedSegments: estimate.total.segments,
    realSeconds: real.seconds,
    chargedCharacters: real.job.characters_charged,
    realStatus: real.job.status,
  };
}
