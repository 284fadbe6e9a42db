/** Benchmark 1b's section: throughput at equal concurrency, ours against the storage ceiling at each N. */
import type { ThroughputResult } from './pipeline.js';
import type { Row } from './report.js';

const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);
const TARGET = 0.8;

type Kind = 'bare' | 'calls' | 'planned' | 'post';

const kindOf = (r: ThroughputResult): Kind =>
  r.consumer.startsWith('storage ceiling with')
    ? 'calls'
    : r.consumer.startsWith('storage ceiling')
      ? 'bare'
      : r.prePlanned
        ? 'planned'
        : 'post';

/** CPU per item in ms: Azurite's and the consumer process's (its parse threads included). */
const cpuPerItem = (r: ThroughputResult) => ({
  azurite: (r.azuriteCores * r.seconds * 1000) / r.items,
  consumer: (r.benchCores * r.seconds * 1000) / r.items,
});
const cpuText = (r: ThroughputResult | undefined) => {
  if (!r) return '—';
  const cpu = cpuPerItem(r);
  return `${f1(cpu.azurite)} + ${f1(cpu.consumer)}`;
};
const fps = (r: ThroughputResult | undefined) =>
  r
    ? `${f1(r.filesPerSecond)}${r.runs && r.runs.length > 1 ? ` (runs: ${r.runs.map(f1).join(', ')})` : ''}`
    : '—';
const bestFps = (r: ThroughputResult | undefined) => (r ? f1(r.filesPerSecond) : '—');

interface Point {
  n: number;
  latency: number;
  bare?: ThroughputResult;
  calls?: ThroughputResult;
  planned?: ThroughputResult;
  post?: ThroughputResult;
}

const ratio = (a: ThroughputResult | undefined, b: ThroughputResult | undefined) =>
  a && b ? a.filesPerSecond / b.filesPerSecond : NaN;
/**
 * The ceiling's CPU per item ÷ ours: the throughput ratio if both got the same CPU. On a machine shared with
 * other work, how much CPU a run gets varies by up to 2× between repeats; CPU per item varies far less.
 */
const cpuRatio = (ours: ThroughputResult | undefined, ceiling: ThroughputResult | undefined) => {
  if (!ours || !ceiling) return NaN;
  const total = (r: ThroughputResult) => cpuPerItem(r).azurite + cpuPerItem(r).consumer;
  return total(ceiling) / total(ours);
};

function pointsOf(results: ThroughputResult[]): Point[] {
  const points = new Map<string, Point>();
  for (const r of results) {
    const n = r.inFlight ?? 0;
    const key = `${r.latencyMs}/${n}`;
    const point = points.get(key) ?? { n, latency: r.latencyMs };
    point[kindOf(r)] = r;
    points.set(key, point);
  }
  return [...points.values()].sort((a, b) => a.latency - b.latency || a.n - b.n);
}

const best = (points: Point[], kind: Kind) =>
  points.reduce<Point | undefined>(
    (a, b) => (a && (a[kind]?.filesPerSecond ?? 0) >= (b[kind]?.filesPerSecond ?? 0) ? a : b),
    undefined,
  );

export function curveSection(results: ThroughputResult[], summary: Row[]): string[] {
  const points = pointsOf(results);
  const latencies = [...new Set(points.map((p) => p.latency))];
  const items = results[0]?.items ?? 0;
  const lines = [
    '## 1b. Throughput at equal concurrency',
    '',
    `**Method.** ${items} small files of benchmark 1's mixed kinds (the same generator, the same bytes every run), one target language. For each number of items in flight N, four configurations ran one after another, each on its own fresh in-memory Azurite, so they are side by side in one run: **bare ceiling**, benchmark 1's storage ceiling with N loops (receive 16, then per file download, upload, one table upsert, delete: at most N items in flight); **ceiling with our calls**, N loops making the storage calls ours makes for an item on a cache miss (source download, segment map read, cache lookup, target upload, cache pointer upsert, map upload, one outcome transaction of marker + item row + shard, delete; section 10 counts them) with no parsing or translation; **ours planned beforehand**, the local runtime with host.json's \`batchSize\` and \`newBatchThreshold\` set so that the translation listener holds at most N messages (it fetches \`batchSize\` more whenever in-flight work drops to \`newBatchThreshold\`, so N = batchSize + newBatchThreshold; between refills it holds fewer, while each ceiling loop always has one item), timed from a full queue (the job was planned first with the workers on an unused queue) to \`completed\`, like the ceilings, which start from a full queue; **ours from POST**, the same runtime timed from \`POST /api/jobs\` to \`completed\`, planning included. With simulated latency L the pseudo translator answers after L ms, and both ceilings wait L ms per item between download and upload. The parse threads are warmed before each of ours (they load each format's modules on first use, which a long-running runtime pays once). Where a configuration ran more than once (the count is given for each latency), the best run is kept and every run is listed: other work on a shared machine only ever slows a run down. CPU per item is Azurite's + the consumer process's (parse threads included) CPU time over the run, divided by the items.`,
    '',
  ];
  const verdicts: { latency: number; worst: number; ratios: string }[] = [];
  for (const latency of latencies) {
    const at = points.filter((p) => p.latency === latency);
    lines.push(
      `**${latency} ms simulated latency** (${runsAt(at)}). files/s; ratios use the best run; CPU per item in ms, Azurite + consumer (the best run's).`,
      '',
      '| N in flight | ours: host.json settings | bare ceiling | ceiling with our calls | ours planned beforehand | ours from POST | **ours planned ÷ bare ceiling** | ours from POST ÷ bare ceiling | ours planned ÷ ceiling with our calls | CPU per item: bare ceiling | with our calls | ours planned | ours from POST | CPU per item, bare ceiling ÷ ours planned | with our calls ÷ ours planned |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const p of at) {
      lines.push(
        `| ${p.n} | ${settings(p).replace(/ \(up to \d+ in flight\)/, '')} | ${fps(p.bare)} | ${fps(p.calls)} | ${fps(p.planned)} | ${fps(p.post)} | **${f2(ratio(p.planned, p.bare))}** | ${f2(ratio(p.post, p.bare))} | ${f2(ratio(p.planned, p.calls))} | ${cpuText(p.bare)} | ${cpuText(p.calls)} | ${cpuText(p.planned)} | ${cpuText(p.post)} | ${f2(cpuRatio(p.planned, p.bare))} | ${f2(cpuRatio(p.planned, p.calls))} |`,
      );
    }
    const worst = Math.min(...at.map((p) => ratio(p.planned, p.bare)));
    verdicts.push({
      latency,
      worst,
      ratios: at.map((p) => `${f2(ratio(p.planned, p.bare))} @ ${p.n}`).join(', '),
    });
    const top = best(at, 'planned');
    const topPost = best(at, 'post');
    const topBare = best(at, 'bare');
    lines.push(
      '',
      `Best N at ${latency} ms on this machine: ours planned beforehand ${top?.n} (${bestFps(top?.planned)} files/s), ours from POST ${topPost?.n} (${bestFps(topPost?.post)}), bare ceiling ${topBare?.n} (${bestFps(topBare?.bare)}).`,
      '',
    );
  }
  const met = verdicts.every((v) => v.worst >= TARGET);
  const text = verdicts.map((v) => `${v.latency} ms: ${v.ratios}`).join('; ');
  summary.push({
    benchmark: '1b. throughput at equal concurrency',
    result: `ours ÷ ceiling at N in flight: ${text}`,
    target: `≥ ${TARGET} at every N`,
    verdict: met ? 'met' : 'missed',
  });
  lines.push(
    `**Target ≥ ${TARGET} of the storage ceiling at equal concurrency: ${met ? 'met' : 'missed'}** (${text}).`,
  );
  if (!met) lines.push('', ...whyMissed(points));
  lines.push('', ...settingsAdvice(points), '');
  return lines;
}

const runsAt = (at: Point[]) => {
  const counts = new Set(at.map((p) => p.planned?.runs?.length ?? 1));
  const count = Math.max(...counts);
  return count > 1 ? `best of ${count} runs each` : 'one run each';
};

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

/** The gap in CPU per item, from the figures: what each configuration cost Azurite and the consumer. */
function whyMissed(points: Point[]): string[] {
  const zero = points.filter((p) => p.latency === 0);
  const runsOf = (kind: Kind) =>
    zero.map((p) => p[kind]).filter((r): r is ThroughputResult => r !== undefined);
  const cpu = (kind: Kind) => ({
    azurite: mean(runsOf(kind).map((r) => cpuPerItem(r).azurite)),
    consumer: mean(runsOf(kind).map((r) => cpuPerItem(r).consumer)),
  });
  const cores = (kind: Kind) => f2(mean(runsOf(kind).map((r) => r.azuriteCores + r.benchCores)));
  const bare = cpu('bare');
  const calls = cpu('calls');
  const ours = cpu('planned');
  const total = (c: { azurite: number; consumer: number }) => c.azurite + c.consumer;
  const measured = zero.map((p) => f2(ratio(p.planned, p.bare)));
  const estimated = zero.map((p) => f2(cpuRatio(p.planned, p.bare)));
  return [
    `Why. The measured ratios (${measured.join(', ')} at 0 ms) swing with how much of the shared CPU each run got, not only with what it does: Azurite and the consumer together used ${cores('bare')} cores on average in the bare ceiling's runs, ${cores('calls')} in the ceiling with our calls and ${cores('planned')} in ours (which has more runnable threads: the parse pool's), out of two cores that other work was also using. CPU per item is the steadier comparison, and it puts the CPU-bound ratio, bare ceiling ÷ ours, at ${estimated.join(', ')}: ${f1(total(bare))} ms per item for the bare ceiling (${f1(bare.azurite)} Azurite + ${f1(bare.consumer)} consumer, mean over N), ${f1(total(calls))} for the ceiling with our calls (${f1(calls.azurite)} + ${f1(calls.consumer)}) and ${f1(total(ours))} for ours (${f1(ours.azurite)} + ${f1(ours.consumer)}). Of ours' extra ${f1(total(ours) - total(bare))} ms, ${f1(total(calls) - total(bare))} are the storage calls the pipeline makes beyond the bare loop's (about 8 per item instead of 4 on a cache miss, in Azurite and in the SDK's client code, each paying for a feature: the segment map's read and write, the translation cache's lookup and pointer, the outcome transaction instead of one upsert; section 10), and ${f1(total(ours) - total(calls))} are the consumer's own work that no ceiling does: two parse-thread steps per file (segments, then render), decoding and hashing the source, message validation, the runtime's per-message handling and lease timer. Against the ceiling that makes our calls, ours is at ${zero.map((p) => f2(cpuRatio(p.planned, p.calls))).join(', ')} by CPU per item. At small N on a quiet machine the run waits on round trips rather than CPU, and the same eight calls and two parse steps per item make each item's chain of sequential waits longer than the ceiling's five calls. Planning (listing, one item row per file, one message per item) is not in "ours planned beforehand"; "ours from POST" shows its share. With simulated latency each item holds its slot that much longer, so by Little's law every consumer is capped at N ÷ (latency + its own time per item): the latency is the same on both sides, so the ratio would rise towards 1 where the latency dominates the time per item.${latencyNote(points)}`,
  ];
}

/** Time per item = N ÷ files/s (Little's law) at the smallest N with latency: whether the latency dominated. */
function latencyNote(points: Point[]): string {
  const p = points.filter((x) => x.latency > 0 && x.bare && x.planned).sort((a, b) => a.n - b.n)[0];
  if (!p?.bare || !p.planned) return '';
  const perItem = (r: ThroughputResult) => (p.n * 1000) / r.filesPerSecond;
  return ` It did not here: at ${p.latency} ms and N = ${p.n} each item took N ÷ files/s = ${f1(perItem(p.bare))} ms in the bare ceiling and ${f1(perItem(p.planned))} ms in ours, so besides the ${p.latency} ms of latency each spent ${f1(perItem(p.bare) - p.latency)} and ${f1(perItem(p.planned) - p.latency)} ms on its own calls and CPU on this loaded machine. With a real provider's 250 ms per request and the same extra times, the ratio at that N would be (250 + ${f1(perItem(p.bare) - p.latency)}) ÷ (250 + ${f1(perItem(p.planned) - p.latency)}) = ${f2((250 + perItem(p.bare) - p.latency) / (250 + perItem(p.planned) - p.latency))}.`;
}

/** What N to choose: the measured curve says where more in flight stops paying on this machine. */
function settingsAdvice(points: Point[]): string[] {
  const lines: string[] = [];
  for (const latency of [...new Set(points.map((p) => p.latency))]) {
    const at = points.filter((p) => p.latency === latency && p.planned);
    const top = best(at, 'planned');
    if (!top?.planned) continue;
    const within = at.filter(
      (p) => (p.planned?.filesPerSecond ?? 0) >= 0.9 * (top.planned?.filesPerSecond ?? Infinity),
    );
    const smallest = within.reduce((a, b) => (a.n <= b.n ? a : b));
    lines.push(
      `At ${latency} ms the smallest N within 10% of ours' best is ${smallest.n} (${settings(smallest).replace(/ \(up to \d+ in flight\)/, '')}).`,
    );
  }
  return lines.length > 0 ? [`**Choosing N on this machine.** ${lines.join(' ')}`] : [];
}

const settings = (p: Point) => p.planned?.concurrency ?? p.post?.concurrency ?? '';
