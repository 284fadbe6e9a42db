/** Benchmark 1's section: the pipeline's throughput against the storage ceiling and the naive consumer. */
import type { ThroughputResult } from './pipeline.js';
import type { Row } from './report.js';

const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const verdict = (met: boolean | undefined) =>
  met === undefined ? 'not measurable yet' : met ? 'met' : 'missed';

export function throughputSection(results: ThroughputResult[], summary: Row[]): string[] {
  const lines: string[] = ['## 1. Pipeline throughput', ''];
  const items = results[0]?.items ?? 0;
  const ceilings = results.filter((r) => r.consumer.startsWith('storage ceiling'));
  const best = ceilings.reduce<ThroughputResult | undefined>(
    (a, b) => (a && a.filesPerSecond >= b.filesPerSecond ? a : b),
    undefined,
  );
  lines.push(
    `**Method.** ${int(items)} small files of mixed kinds (.md, .txt, .html, .json, .srt; 200 B to 6 KB; the same bytes every run), one target language, so ${int(items)} items. Every configuration below ran against its own fresh in-memory Azurite (started with \`startAzurite()\`), because Azurite slows down as it accumulates data; uploading and, for the two reference consumers, enqueueing happen before the clock starts. Times are the bench's own \`performance.now()\` timers; CPU is read from \`/proc/<pid>/stat\` for Azurite and \`process.cpuUsage()\` for the bench process (which hosts the consumer).`,
    '',
    '- **ours**: the local runtime (`startLocalRuntime`, the same handlers and host.json queue semantics as `npm run serve`) at its default concurrency (its parse threads warmed first, as in a long-running runtime), timed from `POST /api/jobs` until the job is `completed` (polled every 100 ms). This includes planning: listing, one item row per file and one queue message per item, which the reference consumers do not do. "after planning" is the stretch from the first poll that saw `planning_complete` to the end.',
    '- **naive sequential**: the original design, written in `bench/pipeline.ts`: receive 10 messages, then for each one download, segment and translate (pseudo translator), upload, write one tracker row, delete; sleep 2 s when the queue is empty.',
    '- **storage ceiling**: N concurrent loops making the same storage calls per file (receive in batches of 16, download, upload, one tracker write, delete) with no translation; N = 8, 16, 32 and 64 were tried, the best N was run a second time, and the best of all runs is the ceiling.',
    '',
    'Other work on a shared machine only slows a run down, so ours and the naive consumer at 0 ms ran twice each and the faster run is reported (both are listed).',
    '',
    '| consumer | simulated latency | concurrency | items | seconds | files/s | Azurite CPU (cores) | bench process CPU (cores) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const r of results) {
    const after =
      (r.afterPlanning ? ` (after planning: ${f1(r.afterPlanning.filesPerSecond)})` : '') +
      (r.runs ? `; best of ${r.runs.length} runs: ${r.runs.map(f1).join(', ')}` : '');
    lines.push(
      `| ${r.consumer} | ${r.consumer.startsWith('storage') ? '—' : `${r.latencyMs} ms`} | ${r.concurrency} | ${r.items} | ${f2(r.seconds)} | ${f1(r.filesPerSecond)}${after} | ${f2(r.azuriteCores)} | ${f2(r.benchCores)} |`,
    );
  }
  lines.push('');
  if (!best) return lines;
  lines.push(`Best storage ceiling: **${f1(best.filesPerSecond)} files/s** with ${best.concurrency}.`, '');
  const spreads: string[] = [];
  const bestConcurrency = ceilings.filter((r) => r.concurrency === best.concurrency);
  if (bestConcurrency.length > 1) {
    const fps = bestConcurrency.map((r) => r.filesPerSecond);
    spreads.push(`the storage ceiling at ${best.concurrency}: ${fps.map(f1).join(' and ')} files/s`);
  }
  for (const r of results.filter((x) => x.runs && x.runs.length > 1)) {
    spreads.push(
      `${r.consumer.split(' (')[0]} at ${r.latencyMs} ms: ${(r.runs ?? []).map(f1).join(' and ')} files/s`,
    );
  }
  if (spreads.length > 0) {
    lines.push(
      `Noise: repeating a configuration in this run gave ${spreads.join('; ')}. Treat differences of that size between single runs as noise from the shared machine.`,
      '',
    );
  }
  lines.push(
    '| latency | ours files/s | ours ÷ ceiling | ours after planning ÷ ceiling | naive files/s | ours ÷ naive | ceiling ÷ naive (the most any consumer could reach) |',
  );
  lines.push('| --- | --- | --- | --- | --- | --- | --- |');
  const ratios: {
    latency: number;
    ceiling: number;
    after: number;
    naive: number;
    naiveFps: number;
    bound: number;
  }[] = [];
  for (const latency of [0, 50]) {
    const ours = results.find((r) => r.consumer.startsWith('ours') && r.latencyMs === latency);
    const naive = results.find((r) => r.consumer.startsWith('naive') && r.latencyMs === latency);
    if (!ours || !naive) continue;
    const ratio = {
      latency,
      ceiling: ours.filesPerSecond / best.filesPerSecond,
      after: (ours.afterPlanning?.filesPerSecond ?? NaN) / best.filesPerSecond,
      naive: ours.filesPerSecond / naive.filesPerSecond,
      naiveFps: naive.filesPerSecond,
      bound: best.filesPerSecond / naive.filesPerSecond,
    };
    ratios.push(ratio);
    lines.push(
      `| ${latency} ms | ${f1(ours.filesPerSecond)} | ${f2(ratio.ceiling)} | ${f2(ratio.after)} | ${f1(naive.filesPerSecond)} | ${f1(ratio.naive)}× | ${f1(ratio.bound)}× |`,
    );
  }
  lines.push('');
  const ceilingMet = ratios.every((r) => r.ceiling >= 0.8);
  const naiveMet = ratios.every((r) => r.naive >= 25);
  const ceilingText = ratios.map((r) => `${f2(r.ceiling)} at ${r.latency} ms`).join(', ');
  const naiveText = ratios.map((r) => `${f1(r.naive)}× at ${r.latency} ms`).join(', ');
  summary.push(
    {
      benchmark: '1. throughput vs best storage ceiling (any N; see 1b for equal N)',
      result: `${ceilingText} (after planning: ${ratios.map((r) => f2(r.after)).join(', ')})`,
      target: '≥ 0.8',
      verdict: verdict(ceilingMet),
    },
    {
      benchmark: '1. throughput vs naive sequential',
      result: naiveText,
      target: '≥ 25×',
      verdict: verdict(naiveMet),
    },
  );
  lines.push(`**Target ≥ 0.8 of the storage ceiling: ${verdict(ceilingMet)}** (${ceilingText}).`);
  if (!ceilingMet) {
    const azurite = results.filter((r) => r.consumer.startsWith('ours')).map((r) => f2(r.azuriteCores));
    lines.push(
      '',
      `Missed by ${ratios.map((r) => `${f1(Math.max(0, 0.8 - r.ceiling) * 100)} points at ${r.latency} ms`).join(', ')}. Why: on this 2-core machine Azurite and the consumer share two cores (Azurite used ${azurite.join(' and ')} cores during our runs, against ${f2(best.azuriteCores)} for the ceiling), so every storage call and every millisecond of parsing beyond the ceiling's five bare calls costs throughput directly. The pipeline does more per item than the bare loop: each file is parsed by its format (remark for Markdown, parse5 for HTML, the ICU parser for JSON) so only human text is sent, which the ceiling skips; the translation cache adds a table read before translating and a table upsert after writing (\`TRANSLATION_CACHE=false\` removes both, at the price of re-translating unchanged files); planning lists the source, writes an item row per file (transactions of 100) and sends one queue message per item; the worker records each outcome in an entity-group transaction (done marker + item row + counter shard, grouped when outcomes coincide) instead of one upsert, reads the job row at most once a second per job, and runs coalesced completion checks; and the bench polls the job's status 10 times a second. The "after planning" column removes the planner's share. With simulated latency the runtime's concurrency caps it as well: one runtime keeps at most 24 items in flight (host.json \`batchSize\` 16 + \`newBatchThreshold\` 8), so by Little's law it cannot exceed 24 ÷ (latency + storage time per item); the Functions host adds instances for more, a single local runtime does not.`,
    );
  }
  lines.push('', `**Target ≥ 25× the naive sequential consumer: ${verdict(naiveMet)}** (${naiveText}).`);
  if (!naiveMet) {
    lines.push(
      '',
      `Missed: no consumer can beat the naive one by more than the storage ceiling allows, ${ratios.map((r) => `${f1(r.bound)}× at ${r.latency} ms`).join(' and ')} on this machine. The naive consumer's time per file is about five sequential storage round trips plus the simulated latency; 25× it would need ${ratios.map((r) => `${int(25 * r.naiveFps)} files/s at ${r.latency} ms`).join(' and ')}, above the ${f1(best.filesPerSecond)} files/s that Azurite served on this machine at the best concurrency tried. The ratio grows with the translator's latency (the pipeline overlaps it, the naive loop waits for it), so against a real provider's 150-300 ms it would be larger; what limits it here is the emulator, not the design.`,
    );
  }
  lines.push('');
  return lines;
}

/** Every page does the same work in our code; say what the measured pages show. */
