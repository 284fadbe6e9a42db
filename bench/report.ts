/** Renders bench/results.md from the measurements: method, numbers, ratio, target and verdict for each. */
import type { MachineFacts } from './machine.js';
import type { ThroughputResult } from './pipeline.js';
import { throughputSection } from './pipelineReport.js';
import { curveSection } from './throughputReport.js';
import type { StatusReadResult, SubmissionResult } from './submission.js';
import { PROVIDER_LIMITS, type EfficiencyResult } from './translator.js';
import { CAPPED_HEAP_MIB, type RssResult } from './rss.js';
import type { QuotaResult } from './quota.js';
import { quotaSection } from './quotaReport.js';
import type { EstimateResult } from './estimate.js';
import { estimateSection } from './estimateReport.js';
import { languagesSection, type LanguagesTiming } from './estimateLanguages.js';
import type { MemoryResult } from './memory.js';
import { memorySection } from './memoryReport.js';
import type { CpuReport } from './cpu.js';
import { cpuSection } from './cpuReport.js';
import { callsSection } from './callsReport.js';
import type { CallsResults } from './calls.js';
import type { ScaleResult } from './scale.js';
import { scaleSection } from './scaleReport.js';
import type { EmulatorBaselineResult } from './emulatorBaseline.js';
import { emulatorSection } from './emulatorBaselineReport.js';

export interface BenchResults {
  facts: MachineFacts;
  startedAt: Date;
  finishedAt: Date;
  loadAverageAtEnd: number[];
  quick: boolean;
  throughput?: ThroughputResult[];
  /** Throughput at equal concurrency: ours and the storage ceiling at each number of items in flight. */
  curve?: ThroughputResult[];
  submissions?: SubmissionResult[];
  statusReads?: StatusReadResult[];
  efficiency?: EfficiencyResult[];
  rss?: RssResult;
  quota?: QuotaResult[];
  estimate?: EstimateResult;
  /** 7c: planning and the dry run into one target language and into several. */
  languages?: { blobs: number; timings: LanguagesTiming[] };
  memory?: MemoryResult[];
  cpu?: CpuReport;
  calls?: CallsResults;
  scale?: ScaleResult[];
  /** The idle emulator's price per call at each size of what it holds. */
  emulator?: EmulatorBaselineResult[];
}

const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const mib = (kib: number) => `${f1(kib / 1024)} MiB`;
const verdict = (met: boolean | undefined) =>
  met === undefined ? 'not measurable yet' : met ? 'met' : 'missed';

export interface Row {
  benchmark: string;
  result: string;
  target: string;
  verdict: string;
}

function pagesNote(results: SubmissionResult[]): string {
  const largest = results[results.length - 1];
  const first = largest?.pageSeconds[0];
  const last = largest?.pageSeconds[largest.pageSeconds.length - 1];
  if (!largest || first === undefined || last === undefined || largest.pageSeconds.length < 2) return '';
  if (last < 1.5 * first)
    return ` Pages took about as long at the end of planning as at its start (${f1(first)} s and ${f1(last)} s).`;
  return ` Every page does the same work (list 1,000 blobs, write 1,000 item rows, send 1,000 messages), yet the last page of the ${int(largest.blobs)}-blob source took ${f1(last)} s against ${f1(first)} s for the first: the emulator slows down as it holds more rows and messages (the reason each configuration here gets a fresh one), so the ${int(largest.blobs)}-blob planning rate says more about Azurite than about the planner.`;
}

function submissionSection(results: SubmissionResult[], summary: Row[]): string[] {
  const lines = [
    '## 2. Submission latency and time to plan',
    '',
    '**Method.** One fresh Azurite per source size. `POST /api/jobs` over HTTP to the runtime\'s own handlers with no queue listeners running: one warm-up request, then 10 timed ones (bench timers, client side, including the HTTP round trip). Time to plan: the local runtime with its planner (plan queue trigger, host.json semantics) running and its translation workers pointed at an unused queue, so planned items stay queued and only planning is timed: from a new `POST /api/jobs` until the job row says `planning_complete` (polled every 50 ms). The pipeline benchmark above measures planning and translation together. "POST while planning" is a second submission sent right after that one, while the planner works on it.',
    '',
    '| blobs in source | POST median | POST p95 | POST max | POST while planning | time to plan | planning rate | seconds per planner page (1,000 blobs), first → last |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of results) {
    lines.push(
      `| ${int(r.blobs)} | ${f1(r.post.median)} ms | ${f1(r.post.p95)} ms | ${f1(r.post.max)} ms | ${f1(r.postUnderLoadMs)} ms | ${f2(r.planSeconds)} s | ${int(r.blobs / r.planSeconds)} items/s | ${r.pageSeconds.map(f1).join(' → ')} |`,
    );
  }
  const medians = results.map((r) => r.post.median);
  const maxMs = Math.max(...results.map((r) => r.post.max));
  const spread = Math.max(...medians) / Math.min(...medians);
  const met = maxMs < 1000 && spread < 2;
  lines.push(
    '',
    `**Target < 1 s and flat: ${verdict(met)}.** Slowest POST ${f1(maxMs)} ms; the largest median is ${f2(spread)}× the smallest across ${results.map((r) => int(r.blobs)).join(' / ')} blobs (flat = under 2×: submitting checks the source container, writes the job row and its shards, and enqueues one plan message, whatever the container holds). Time to plan grows with the source, as it must: one listing page of up to 1,000 blobs per planner invocation (list, write the page's item rows in transactions of 100, send one message per item, record the page), and after a page re-enqueues the next one the plan queue listener may be in its idle back-off for up to host.json's \`maxPollingInterval\` (2 s) before it picks it up.${pagesNote(results)}`,
    '',
  );
  summary.push({
    benchmark: '2. submission latency',
    result:
      results.map((r) => `${f1(r.post.median)} ms @ ${int(r.blobs)}`).join(', ') + ` (max ${f1(maxMs)} ms)`,
    target: '< 1 s and flat',
    verdict: verdict(met),
  });
  return lines;
}

function statusSection(results: StatusReadResult[], summary: Row[]): string[] {
  const lines = [
    '## 3. Status read latency and storage calls',
    '',
    "**Method.** In the largest submission run: a 10-file job and the large job, both planned (items still queued), in the same table. After the runtime stopped, 200 sequential `GET /api/jobs/{id}` for each over HTTP to the same handlers; storage calls counted by a policy on the tracker table client's HTTP pipeline (the only storage client `GET /api/jobs/{id}` uses).",
    '',
    '| files in job | median | p95 | max | table calls per GET |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const r of results) {
    lines.push(
      `| ${int(r.files)} | ${f2(r.latency.median)} ms | ${f2(r.latency.p95)} ms | ${f2(r.latency.max)} ms | ${f2(r.tableCallsPerRead)} |`,
    );
  }
  const calls = results.map((r) => r.tableCallsPerRead);
  const met = calls.every((c) => c === calls[0]);
  lines.push(
    '',
    `**Target: constant calls: ${verdict(met)}** (${calls.map(f2).join(' vs ')}): one query returns the job row and its counter shards, whatever the number of files.`,
    '',
  );
  summary.push({
    benchmark: '3. status read',
    result: results
      .map((r) => `${f2(r.tableCallsPerRead)} call(s), ${f2(r.latency.median)} ms @ ${int(r.files)} files`)
      .join('; '),
    target: 'constant calls',
    verdict: verdict(met),
  });
  return lines;
}

function efficiencySection(results: EfficiencyResult[], summary: Row[]): string[] {
  const lines = [
    '## 4. Translator efficiency',
    '',
    `**Method.** One generated ~1 MiB document each of Markdown, HTML and JSON, translated into Spanish by \`translateItem\` (the worker's read → parse → translate → write) with the Azure provider (\`src/lib/translation/azure\`) speaking HTTP to the v3 test server (\`test/helpers/azureTranslatorServer.ts\`), which counts the requests, \`Text\` elements and characters it receives. Run twice in a row; the second run meets the translation cache. Reference minimum: the fewest requests Azure AI Translator's documented limits (${int(PROVIDER_LIMITS.charactersPerRequest)} characters and ${int(PROVIDER_LIMITS.elementsPerRequest)} elements per request) allow for the characters and elements sent. "Human text" is what the format yields as translatable (markup, code, keys and placeholders excluded); "characters sent" also counts the wire markup (HTML escaping, notranslate spans around protected tokens).`,
    '',
    '| format | file | human text | characters sent | sent per MiB | elements | requests | minimum requests | requests ÷ minimum | charged (1st run) | charged (2nd run) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  let met = true;
  for (const r of results) {
    const perMiB = (n: number) => n / (r.bytes / (1024 * 1024));
    const ratio = r.first.requests / Math.max(1, r.minimumRequestsForSent);
    met &&= ratio <= 1.1 && r.second.charged === 0 && r.second.requests === 0;
    lines.push(
      `| ${r.format} | ${int(r.bytes)} B | ${int(r.humanCharacters)} (${f1((100 * r.humanCharacters) / r.fileCharacters)}% of the file) | ${int(r.first.characters)} | ${int(perMiB(r.first.characters))} | ${int(r.first.segments)} | ${r.first.requests} | ${r.minimumRequestsForSent} | ${f2(ratio)} | ${int(r.first.charged)} | ${int(r.second.charged)} (${r.second.requests} requests) |`,
    );
  }
  lines.push(
    '',
    `**Target: requests within 10% of the minimum, and 0 characters on the second run: ${verdict(met)}.** Segments are packed greedily in order up to both limits (\`packRequests\`), which never uses more requests than the minimum for the same ordered segments plus the last partial one; the second run finds each output already written under the same cache key and makes no request.`,
    '',
  );
  summary.push({
    benchmark: '4. translator efficiency',
    result: results
      .map(
        (r) =>
          `${r.format}: ${r.first.requests}/${r.minimumRequestsForSent} requests, 2nd run ${int(r.second.charged)} chars`,
      )
      .join('; '),
    target: 'requests ≤ 1.1× minimum; 0 chars on 2nd run',
    verdict: verdict(met),
  });
  return lines;
}

function rssSection(r: RssResult, summary: Row[]): string[] {
  const fileKiB = r.fileBytes / 1024;
  const gross = r.translateKiB / fileKiB;
  const net = (r.translateKiB - r.baselineKiB) / fileKiB;
  const cappedNet = (r.cappedKiB - r.baselineKiB) / fileKiB;
  const met = cappedNet < 4;
  summary.push({
    benchmark: '5. peak RSS, 20 MiB Markdown',
    result: `${f2(cappedNet)}× the file above the runtime's ${mib(r.baselineKiB)} baseline with a ${CAPPED_HEAP_MIB} MiB heap; ${f2(net)}× with V8's default heap growth`,
    target: '< 4× file size',
    verdict: `${verdict(met)} (above baseline); ${verdict(gross < 4)} counting the runtime`,
  });
  return [
    '## 5. Peak memory translating a 20 MiB file',
    '',
    `**Method.** ${r.method}. A generated ${int(r.fileBytes)}-byte Markdown file translated into one language by \`translateItem\` in a fresh process against a fresh Azurite (cache off, so the file is translated, not reused). The baseline run loads the same modules and makes one storage call without translating. The translation runs twice: with Node's default heap, where V8 lets garbage pile up while memory is plentiful, and with \`--max-old-space-size=${CAPPED_HEAP_MIB}\`, which forces collection and so shows what the work really holds (a whole-file parse tree of this file would not fit).`,
    '',
    '| run | peak RSS | ÷ file size | above baseline ÷ file size |',
    '| --- | --- | --- | --- |',
    `| baseline (node + tsx + SDKs, no translation) | ${mib(r.baselineKiB)} | ${f2(r.baselineKiB / fileKiB)}× | — |`,
    `| translate, default heap (${f1(r.translateSeconds)} s) | ${mib(r.translateKiB)} | ${f2(gross)}× | ${f2(net)}× |`,
    `| translate, heap capped at ${CAPPED_HEAP_MIB} MiB (${f1(r.cappedSeconds)} s) | ${mib(r.cappedKiB)} | ${f2(r.cappedKiB / fileKiB)}× | ${f2(cappedNet)}× |`,
    `| cross-check: \`process.resourceUsage().maxRSS\` inside the default-heap run | ${mib(r.translateSelfKiB)} | ${f2(r.translateSelfKiB / fileKiB)}× | |`,
    '',
    `**Target peak RSS < 4× the file size (${mib(4 * fileKiB)}): ${verdict(met)} for the memory translating needs (${f2(cappedNet)}× above the baseline with a ${CAPPED_HEAP_MIB} MiB heap); ${verdict(gross < 4)} for the whole process (${f2(gross)}×)**, whose ${mib(r.baselineKiB)} baseline is Node, tsx and the Azure SDKs before any file is read; that part does not grow with the file. With V8's default heap the process peaks at ${f2(net)}× above baseline only because collection is deferred while memory is free. The worker streams a large file: a first pass hashes it (for the cache) and collects Markdown link definitions, a second reads it in parts of about 256 K characters cut between top-level blocks, parses and translates one part at a time, and stages the output in 1 MiB blocks committed at the end, so what it holds follows the part, not the file. In Azure the same cap is set with \`languageWorkers__node__arguments\` if memory is tight.`,
    '',
  ];
}

export function renderReport(results: BenchResults): string {
  const { facts } = results;
  const summary: Row[] = [];
  const body: string[] = [];
  if (results.throughput) body.push(...throughputSection(results.throughput, summary));
  if (results.curve) body.push(...curveSection(results.curve, summary));
  if (results.submissions) body.push(...submissionSection(results.submissions, summary));
  if (results.statusReads) body.push(...statusSection(results.statusReads, summary));
  if (results.efficiency) body.push(...efficiencySection(results.efficiency, summary));
  if (results.rss) body.push(...rssSection(results.rss, summary));
  if (results.quota) body.push(...quotaSection(results.quota, summary));
  if (results.estimate) {
    const section = estimateSection(results.estimate);
    summary.push(...section.rows);
    body.push(...section.lines);
  }
  if (results.languages) body.push(...languagesSection(results.languages));
  if (results.memory) body.push(...memorySection(results.memory, summary));
  if (results.cpu) body.push(...cpuSection(results.cpu, summary));
  if (results.calls) body.push(...callsSection(results.calls, summary));
  if (results.scale) body.push(...scaleSection(results.scale, summary));
  if (results.emulator) body.push(...emulatorSection(results.emulator, results.scale, summary));
  const busy = Math.max(...facts.loadAverageAtStart, ...results.loadAverageAtEnd) > facts.cores * 0.5;
  const minutes = (results.finishedAt.getTime() - results.startedAt.getTime()) / 60_000;
  return [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` (\`bench/run.ts\`) on ${results.startedAt.toISOString()}, in ${f1(minutes)} minutes${results.quick ? ' (**--quick**: reduced sizes, a smoke run, not the reported figures)' : ''}. Every number comes from a single run on the machine below against the Azurite storage emulator; re-run the command to reproduce them. Ratios compare configurations measured side by side in the same run.`,
    '',
    '## Machine',
    '',
    '| | |',
    '| --- | --- |',
    `| CPU | ${facts.cpu} |`,
    `| cores | ${facts.cores} |`,
    `| memory | ${facts.memoryGiB} GiB |`,
    `| OS | ${facts.os} |`,
    `| Node.js | ${facts.node} |`,
    `| Azurite | ${facts.azurite} (in-memory, loopback, one fresh instance per measured configuration) |`,
    `| commit | ${facts.commit} |`,
    `| load average (1, 5, 15 min) | ${facts.loadAverageAtStart.join(', ')} at the start; ${results.loadAverageAtEnd.join(', ')} at the end |`,
    '',
    busy
      ? `**Note:** the machine was not idle (load average above half the core count at the start or end: other work was running), so absolute numbers are lower than on a quiet machine; ratios measured side by side are less affected.`
      : 'The machine was otherwise quiet (load average at most half the core count at the start and end).',
    '',
    '## Summary',
    '',
    '| benchmark | result | target | verdict |',
    '| --- | --- | --- | --- |',
    ...summary.map((r) => `| ${r.benchmark} | ${r.result} | ${r.target} | **${r.verdict}** |`),
    '',
    ...body,
  ].join('\n');
}
