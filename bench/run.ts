/**
 * `npm run bench`: measures the pipeline on this machine against fresh Azurite emulators and writes
 * bench/results.md. Not part of `npm test`; takes several minutes.
 *
 *   npm run bench                          everything, writes bench/results.md
 *   npm run bench -- --only=rss,translator  some sections, writes bench/out/results.md
 *   npm run bench -- --quick               smaller sizes (a smoke run), writes bench/out/results.md
 *   npm run bench -- --only=calls --calls-sizes=300,1500,6000
 *                                          storage calls: 300 files (miss and hits), then 1,500 vs 6,000
 *   npm run bench -- --only=scale --scale-sizes=1000,10000,100000 [--scale-emulator=KIND]
 *                                          jobs of these sizes, one fresh emulator each (default 1,000 and 10,000);
 *                                          KIND: in-memory (default), split-mariadb, split-indexed, release
 *                                          (bench/storage.ts); --scale-split-emulator means split-mariadb
 *   npm run bench -- --only=estimate --estimate-blobs=10000 [--estimate-emulators=KIND,...] [--estimate-in-memory-only]
 *                                          planning and the dry run on the in-memory emulator and on each KIND
 *                                          (default split-mariadb,release), then the real run
 *   npm run bench -- --only=languages --languages-blobs=10000 --languages=es,fr,de [--languages-emulators=KIND,...]
 *                                          planning and the dry run into one language and into these (7c), on
 *                                          each KIND (default release; Azurite 3.35's scans make 30,000 items
 *                                          take it many minutes)
 *   npm run bench -- --only=emulator --emulator-sizes=1000,10000,100000 --emulator-samples=200 [--emulator-release]
 *                                          the idle emulator's price per call holding N blobs, entities and
 *                                          messages, one fresh emulator each (these values are the defaults);
 *                                          --emulator-release: on the newer Azurite (scripts/azuriteRelease.ts)
 *   npm run bench -- --only=throughput --throughput-n=6,12,24,48 --throughput-latencies=0,50 --throughput-repeat=2 --throughput-files=1000
 *                                          throughput at equal concurrency: ours and the storage ceiling at
 *                                          each number of items in flight (these values are the defaults)
 *   npm run bench -- --render-from=bench/out/partial.json
 *                                          renders a partial run's figures to bench/out/results.md
 *   npm run bench -- --render              re-renders bench/results.md from the last full run's
 *                                          bench/out/results.json, without measuring
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import * as prettier from 'prettier';
import { machineFacts } from './machine.js';
import { smallMixedFiles } from './fixtures.js';
import { measureCeiling, measureNaive, type ThroughputResult } from './pipeline.js';
import { measureOurs } from './ours.js';
import { measureCurve } from './throughput.js';
import { measureSubmission, type StatusReadResult, type SubmissionResult } from './submission.js';
import { measureTranslatorEfficiency, type EfficiencyResult } from './translator.js';
import { measurePeakRss, type RssResult } from './rss.js';
import { measureEstimate, type EstimateResult } from './estimate.js';
import { measureLanguages } from './estimateLanguages.js';
import { args, emulators, estimateEmulators, numbers, option, scaleEmulator } from './args.js';
import { measureQuota, type QuotaResult } from './quota.js';
import { measureMemory, type MemoryResult } from './memory.js';
import { measureCpu, type CpuReport } from './cpu.js';
import { measureCalls, RUNS, type CallsResults } from './calls.js';
import { renderReport, type BenchResults } from './report.js';
import { measureScale, type ScaleResult } from './scale.js';
import { measureEmulatorBaseline, type EmulatorBaselineResult } from './emulatorBaseline.js';

const SECTIONS = [
  'pipeline',
  'throughput',
  'submission',
  'translator',
  'rss',
  'quota',
  'estimate',
  'languages',
  'memory',
  'cpu',
  'calls',
  'scale',
  'emulator',
] as const;
type Section = (typeof SECTIONS)[number];

const quick = args.includes('--quick');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const sections = new Set<Section>(SECTIONS.filter((s) => !only || only.includes(s)));
const full = !quick && !only;
const log = (line: string) => console.log(line);

async function write(results: BenchResults, out: string): Promise<void> {
  // Formatted like every other file in the repository, so `prettier --check .` passes on the committed report.
  const options = (await prettier.resolveConfig(out)) ?? {};
  writeFileSync(out, await prettier.format(renderReport(results), { ...options, parser: 'markdown' }));
  log(`wrote ${out}`);
}

const RAW = 'bench/out/results.json';
// --render-from=<file>: a partial run's figures (bench/out/partial.json) rendered to bench/out/results.md.
const renderFrom = args.find((a) => a.startsWith('--render-from='))?.slice('--render-from='.length);
if (args.includes('--render') || renderFrom) {
  const raw = JSON.parse(readFileSync(renderFrom ?? RAW, 'utf8')) as BenchResults & {
    startedAt: string;
    finishedAt: string;
  };
  await write(
    { ...raw, startedAt: new Date(raw.startedAt), finishedAt: new Date(raw.finishedAt) },
    renderFrom ? 'bench/out/results.md' : 'bench/results.md',
  );
  process.exit(0);
}

const facts = machineFacts();
log(
  `bench on ${facts.cpu} x${facts.cores}, node ${facts.node}, azurite ${facts.azurite}, load ${facts.loadAverageAtStart.join(' ')}`,
);
const startedAt = new Date();

let throughput: ThroughputResult[] | undefined;
if (sections.has('pipeline')) {
  const files = smallMixedFiles(quick ? 200 : 1000);
  throughput = [];
  const results = throughput;
  // Other work on the machine only ever slows a run down, so where it matters the best of two runs is kept.
  const run = async (what: string, repeat: number, measure: () => Promise<ThroughputResult>) => {
    const runs: ThroughputResult[] = [];
    for (let i = 0; i < repeat; i++) {
      log(`pipeline: ${what}${repeat > 1 ? ` (run ${i + 1} of ${repeat})` : ''}...`);
      const result = await measure();
      log(
        `  ${result.filesPerSecond.toFixed(1)} files/s (${result.seconds.toFixed(1)} s, Azurite ${result.azuriteCores.toFixed(2)} cores)`,
      );
      runs.push(result);
    }
    const best = runs.reduce((a, b) => (a.filesPerSecond >= b.filesPerSecond ? a : b));
    results.push(repeat > 1 ? { ...best, runs: runs.map((r) => r.filesPerSecond) } : best);
    return best;
  };
  const sweep: ThroughputResult[] = [];
  for (const loops of [8, 16, 32, 64])
    sweep.push(await run(`storage ceiling, ${loops} loops`, 1, () => measureCeiling(files, loops)));
  const bestLoops = Number(
    sweep.reduce((a, b) => (a.filesPerSecond >= b.filesPerSecond ? a : b)).concurrency.split(' ')[0],
  );
  await run(`storage ceiling again, ${bestLoops} loops`, 1, () => measureCeiling(files, bestLoops));
  await run('ours, 0 ms', 2, () => measureOurs(files, 0));
  await run('naive, 0 ms', 2, () => measureNaive(files, 0));
  await run('ours, 50 ms', 2, () => measureOurs(files, 50));
  // Dominated by the 50 ms sleeps, so one run is enough.
  await run('naive, 50 ms', 1, () => measureNaive(files, 50));
}

let curve: ThroughputResult[] | undefined;
if (sections.has('throughput')) {
  curve = await measureCurve(smallMixedFiles(numbers('throughput-files', [quick ? 200 : 1000])[0] ?? 1000), {
    inFlight: numbers('throughput-n', quick ? [6, 24] : [6, 12, 24, 48]),
    latencies: numbers('throughput-latencies', quick ? [0] : [0, 50]),
    repeat: numbers('throughput-repeat', [quick ? 1 : 2])[0] ?? 1,
    log,
  });
}

let submissions: SubmissionResult[] | undefined;
let statusReads: StatusReadResult[] | undefined;
if (sections.has('submission')) {
  submissions = [];
  const sizes = quick ? [100, 1000] : [100, 1000, 10_000];
  for (const blobs of sizes) {
    log(`submission: ${blobs} blobs...`);
    const last = blobs === sizes[sizes.length - 1];
    const result = await measureSubmission(blobs, { posts: 10, ...(last ? { statusReads: 200 } : {}), log });
    submissions.push(result.submission);
    if (result.statusReads) statusReads = result.statusReads;
    log(
      `  POST median ${result.submission.post.median.toFixed(1)} ms, planned in ${result.submission.planSeconds.toFixed(2)} s`,
    );
  }
}

let efficiency: EfficiencyResult[] | undefined;
if (sections.has('translator')) {
  log('translator efficiency...');
  efficiency = await measureTranslatorEfficiency();
}

let rss: RssResult | undefined;
if (sections.has('rss')) {
  log('peak RSS of a 20 MiB file...');
  rss = await measurePeakRss();
  log(
    `  ${(rss.translateKiB / 1024).toFixed(0)} MiB peak (baseline ${(rss.baselineKiB / 1024).toFixed(0)} MiB)`,
  );
}

let quota: QuotaResult[] | undefined;
if (sections.has('quota')) quota = await measureQuota(log);
let estimate: EstimateResult | undefined;
if (sections.has('estimate')) {
  const [blobs = 10_000] = numbers('estimate-blobs', [quick ? 1000 : 10_000]);
  log(`dry-run estimate: ${blobs} blobs...`);
  estimate = await measureEstimate(blobs, log, estimateEmulators());
  log(
    `  planned in ${estimate.planSeconds.toFixed(1)} s; estimated in ${estimate.dryRunSeconds.toFixed(1)} s; ${estimate.estimatedCharacters} characters estimated, ${estimate.chargedCharacters} charged`,
  );
}

let languages: Awaited<ReturnType<typeof measureLanguages>> | undefined;
if (sections.has('languages')) {
  const [blobs = 10_000] = numbers('languages-blobs', [quick ? 1000 : 10_000]);
  const several = (option('languages') ?? 'es,fr,de').split(',');
  const kinds = emulators('languages-emulators', 'release');
  log(`one target language and ${several.length}: ${blobs} blobs...`);
  languages = await measureLanguages(blobs, [[several[0] ?? 'es'], several], kinds, log);
}

let memory: MemoryResult[] | undefined;
if (sections.has('memory')) memory = await measureMemory(log);
let cpu: CpuReport | undefined;
if (sections.has('cpu')) {
  log('CPU per megabyte of each format...');
  cpu = await measureCpu(log);
}

let calls: CallsResults | undefined;
if (sections.has('calls')) {
  // --calls-sizes=300,1500,6000: the cache miss/hit run's size, then the sizes compared.
  const sizes = args
    .find((a) => a.startsWith('--calls-sizes='))
    ?.slice('--calls-sizes='.length)
    .split(',')
    .map(Number);
  const [runFiles, ...compared] = sizes ?? (quick ? [100, 200, 1000] : [500, 1000, 10_000]);
  const byRun = await measureCalls(runFiles ?? 500, RUNS, log);
  const bySize = [];
  for (const files of compared) bySize.push(await measureCalls(files, ['miss'], log));
  calls = { byRun, bySize };
}

let scale: ScaleResult[] | undefined;
if (sections.has('scale')) {
  const sizes =
    args
      .find((a) => a.startsWith('--scale-sizes='))
      ?.slice('--scale-sizes='.length)
      .split(',')
      .map(Number) ?? (quick ? [500, 2000] : [1000, 10_000]);
  scale = [];
  for (const files of sizes) {
    log(`scale: a job of ${files} files...`);
    const emulator = scaleEmulator();
    const result = await measureScale(files, log, emulator);
    scale.push(result);
    log(
      `  ${result.seconds.toFixed(1)} s; pages ${result.pageSeconds.map((p) => p.toFixed(1)).join(' ')}; items/s ${result.firstTenthItemsPerSecond.toFixed(1)} → ${result.lastTenthItemsPerSecond.toFixed(1)}; status p99 ${result.status.p99.toFixed(1)} ms`,
    );
  }
}

let emulator: EmulatorBaselineResult[] | undefined;
if (sections.has('emulator')) {
  emulator = [];
  const samples = numbers('emulator-samples', [quick ? 50 : 200])[0] ?? 200;
  for (const size of numbers('emulator-sizes', quick ? [1000, 10_000] : [1000, 10_000, 100_000])) {
    log(
      `emulator: ${size} blobs, entities and messages (load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')})...`,
    );
    emulator.push(await measureEmulatorBaseline(size, samples, log, args.includes('--emulator-release')));
  }
}

const results: BenchResults = {
  facts,
  startedAt,
  finishedAt: new Date(),
  loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100),
  quick,
  ...(throughput ? { throughput } : {}),
  ...(curve ? { curve } : {}),
  ...(submissions ? { submissions } : {}),
  ...(statusReads ? { statusReads } : {}),
  ...(efficiency ? { efficiency } : {}),
  ...(rss ? { rss } : {}),
  ...(quota ? { quota } : {}),
  ...(estimate ? { estimate } : {}),
  ...(languages ? { languages } : {}),
  ...(memory ? { memory } : {}),
  ...(cpu ? { cpu } : {}),
  ...(calls ? { calls } : {}),
  ...(scale ? { scale } : {}),
  ...(emulator ? { emulator } : {}),
};
mkdirSync('bench/out', { recursive: true });
// A partial run keeps its raw figures too, apart from the full run's (which --render reads).
writeFileSync(full ? RAW : 'bench/out/partial.json', JSON.stringify(results, null, 2));
await write(results, full ? 'bench/results.md' : 'bench/out/results.md');
