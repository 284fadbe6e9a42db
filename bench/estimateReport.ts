/** The report's section for benchmark 7 (bench/estimate.ts): the dry run against planning, and its accuracy. */
import type { EmulatorTiming, EstimateResult, JobTiming } from './estimate.js';
import { EMULATOR_NAMES, type EmulatorKind } from './storage.js';

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

/** The dry run measured by workers: its time and CPU, and its ratio to planning; blank when not measured. */
const workersCells = (byWorkers: JobTiming | undefined, planSeconds: number): string =>
  byWorkers
    ? `${f1(byWorkers.seconds)} s (${cpuPair(byWorkers.azuriteCpu, byWorkers.appCpu)}) | ${f1(byWorkers.seconds / planSeconds)}×`
    : '— | —';

/** The other emulators' lines of the timing table, or why one was not measured. */
function otherRows(r: EstimateResult): string[] {
  return (r.otherEmulators ?? []).map(({ kind, timing: t }) =>
    'missing' in t
      ? `| ${EMULATOR_NAMES[kind]} | not measured: ${t.missing} | | | | |`
      : `| ${EMULATOR_NAMES[kind]} | ${f1(t.planSeconds)} s (${cpuPair(t.planAzuriteCpu, t.planAppCpu)}) | ${f1(t.dryRunSeconds)} s (${cpuPair(t.dryRunAzuriteCpu, t.dryRunAppCpu)}) | ${f1(t.dryRunSeconds / t.planSeconds)}× | ${workersCells(t.byWorkers, t.planSeconds)} |`,
  );
}

/** The dry run's time ÷ planning's, by the quicker of the planner's measurement and the workers'. */
const bestRatio = (t: Pick<EmulatorTiming, 'planSeconds' | 'dryRunSeconds' | 'byWorkers'>): number =>
  Math.min(t.dryRunSeconds, t.byWorkers?.seconds ?? Infinity) / t.planSeconds;

/** Each other emulator measured, with its dry run ÷ planning. */
const measuredOthers = (r: EstimateResult) =>
  (r.otherEmulators ?? []).flatMap(({ kind, timing }) =>
    'missing' in timing ? [] : [{ kind, timing, ratio: bestRatio(timing) }],
  );

/** The report's section, and its rows for the summary table. */
export function estimateSection(r: EstimateResult): {
  lines: string[];
  rows: { benchmark: string; result: string; target: string; verdict: string }[];
} {
  const gap = Math.abs(r.estimatedCharacters - r.chargedCharacters) / Math.max(1, r.chargedCharacters);
  const ratio = r.dryRunSeconds / r.planSeconds;
  const best = bestRatio({ ...r, ...(r.dryRunByWorkers ? { byWorkers: r.dryRunByWorkers } : {}) });
  const others = measuredOthers(r);
  const othersText = others
    .map(
      ({ kind, timing, ratio }) =>
        `; ${f1(ratio)}× (${EMULATOR_NAMES[kind]}: ${f1(timing.dryRunSeconds)} s against ${f1(timing.planSeconds)} s)`,
    )
    .join('');
  const accurate = gap <= 0.01;
  const asFast = best <= 1.25 && others.every((o) => o.ratio <= 1.25);
  const workersText = r.dryRunByWorkers
    ? `; measured by workers ${f1(r.dryRunByWorkers.seconds / r.planSeconds)}×`
    : '';
  return {
    rows: [
      {
        benchmark: '7a. dry run time ÷ planning time',
        result:
          `${f1(ratio)}× (${f1(r.dryRunSeconds)} s against ${f1(r.planSeconds)} s, ${int(r.blobs)} blobs)` +
          workersText +
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
      `**Method.** ${int(r.blobs)} small files of mixed kinds (the pipeline benchmark's generator), uploaded to a fresh emulator for each run, so no run inherits another's rows. Time to plan: a normal job with only the planner running (workers on an unused queue), from \`POST /api/jobs\` to \`planning_complete\`, as in benchmark 2. The dry run: the full local runtime (planner and workers, host.json concurrency), a \`"dry_run": true\` job timed from its POST to \`estimated\`. The real run: the same job without \`dry_run\`, pseudo provider, from its POST to its end. The estimate reads and parses every file as the worker would, with a meter in place of the provider; in queue mode the planner measures each page's items itself (\`PLANNER_ESTIMATE_CONCURRENCY\`, default 16, at a time) instead of sending them through the translation queue; _measured by workers_ is the same dry run with \`DRY_RUN_MEASURED_BY=workers\`, where each item goes through the queue like a real job's and the runtime's workers measure it (its estimate must equal the planner's, or the run fails). Planning and the dry run are timed on the in-memory Azurite 3.35 the tests use${(r.otherEmulators ?? []).map(({ kind }) => `, then ${EMULATOR_WHY[kind]}`).join('')}. CPU: the emulator's processes (with MariaDB) and this process (the local runtime's event loop and parse threads), from /proc and \`process.cpuUsage()\`.`,
      '',
      '| emulator | time to plan (CPU) | dry run to `estimated` (CPU) | dry run ÷ planning | dry run measured by workers (CPU) | by workers ÷ planning |',
      '| --- | --- | --- | --- | --- | --- |',
      `| one in-memory Azurite | ${f1(r.planSeconds)} s (${cpuPair(r.planAzuriteCpu, r.planAppCpu)}) | ${f1(r.dryRunSeconds)} s (${cpuPair(r.dryRunAzuriteCpu, r.dryRunAppCpu)}); its planning done at ${f1(r.dryRunPlanSeconds)} s | ${f1(ratio)}× | ${workersCells(r.dryRunByWorkers, r.planSeconds)} |`,
      ...otherRows(r),
      '',
      '| blobs | real run (in-memory Azurite) | estimated characters | charged characters | difference |',
      '| --- | --- | --- | --- | --- |',
      `| ${int(r.blobs)} | ${f1(r.realSeconds)} s (${r.realStatus}) | ${int(r.estimatedCharacters)} (${int(r.estimatedSegments)} segments) | ${int(r.chargedCharacters)} | ${(gap * 100).toFixed(3)}% |`,
      '',
      `**Estimate within 1% of the charge: ${accurate ? 'met' : 'missed'}.** **Estimate in the time planning takes: ${asFast ? 'met' : 'missed'}** (${f1(best)}×${others.map(({ kind, ratio: other }) => `, ${f1(other)}× (${EMULATOR_NAMES[kind]})`).join('')}, the quicker of the two ways to measure on each emulator). An exact estimate must read every file: where planning costs one item row (in transactions of 100) and one queue message per item, the dry run costs the same item row, one blob read, one translation-cache lookup, a parse on the parse pool and one outcome (recorded in shared transactions), and no queue message, receive or delete.`,
      '',
    ],
  };
}
