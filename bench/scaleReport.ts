/** The report's section for benchmark 11 (bench/scale.ts): is a file's cost flat with the job's size? */
import type { Row } from './report.js';
import type { ScaleResult } from './scale.js';
import { EMULATOR_NAMES } from './storage.js';

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '—');
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '—');

/** The page whose time is compared with the first: the last full one (a short last page is quicker). */
const lastFullPage = (r: ScaleResult): number | undefined =>
  r.pageSeconds.length > 1
    ? r.pageSeconds[r.files % 1000 === 0 ? r.pageSeconds.length - 1 : r.pageSeconds.length - 2]
    : undefined;

/** The job's size, and the emulator when it is not the usual in-memory one. */
const sized = (r: ScaleResult): string =>
  `${int(r.files)}${r.emulator && r.emulator !== 'in-memory' ? ` (${EMULATOR_NAMES[r.emulator]})` : ''}`;

export function scaleSection(results: ScaleResult[], summary: Row[]): string[] {
  const verdictOf = (r: ScaleResult) => {
    const first = r.pageSeconds[0];
    const last = lastFullPage(r);
    return {
      post: r.postMs < 1000,
      pages: first === undefined || last === undefined || last <= 1.3 * first,
      items:
        r.lastTenthItemsPerSecond >= 0.8 * r.firstTenthItemsPerSecond &&
        Math.min(...(r.tenthsItemsPerSecond ?? [])) >= 0.8 * r.firstTenthItemsPerSecond,
      status: r.status.p99 < 200,
    };
  };
  const all = results.map((r) => ({ r, v: verdictOf(r) }));
  const met = all.every(({ v }) => v.post && v.pages && v.items && v.status);
  summary.push({
    benchmark: '11. flat with job size',
    result: all
      .map(
        ({ r }) =>
          `${sized(r)} files: POST ${f1(r.postMs)} ms, pages ${f1(r.pageSeconds[0] ?? NaN)} → ${f1(lastFullPage(r) ?? NaN)} s, items/s last ÷ first tenth ${f2(r.lastTenthItemsPerSecond / r.firstTenthItemsPerSecond)}, status p99 ${f1(r.status.p99)} ms`,
      )
      .join('; '),
    target: 'POST < 1 s; last page ≤ 1.3× first; last tenth ≥ 0.8× first; status p99 < 200 ms',
    verdict: met ? 'met' : 'missed',
  });
  const lines = [
    '## 11. Flat with job size',
    '',
    "**Method.** Jobs of one-line `.txt` files (one target language), each size on its own fresh in-memory Azurite, through one local runtime at its default concurrency (`startLocalRuntime`, host.json semantics). The files are uploaded before the clock starts. From `POST /api/jobs`, the job status is read over HTTP every 250 ms until the job ends: those reads give the status latency and the items done over time. A planner page is timed from its source listing to the runtime's `planned page` log line, so the time a page waits for the translation queue (`PLANNER_QUEUE_HIGH_WATER`) is left out. Items/s are compared over the first and the last tenth of the job's items. Every storage call the app makes is logged by a policy on each client's pipeline (`test/helpers/storageCalls.ts`) with its operation, latency and time, so a slowdown can be split into more calls per item (the design) and slower calls (the emulator); Azurite's CPU is read from `/proc`.",
    '',
    '| files | POST | seconds | planner page, first → last full | last ÷ first page | items/s, first tenth | items/s, last tenth | last ÷ first | status p50 / p99 / max | storage calls per item | Azurite CPU-s per 1,000 items, first → last tenth |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...results.map((r) => {
      const first = r.pageSeconds[0] ?? NaN;
      const last = lastFullPage(r) ?? NaN;
      return `| ${sized(r)} | ${f1(r.postMs)} ms | ${f1(r.seconds)} | ${f1(first)} → ${f1(last)} s | ${f2(last / first)} | ${f1(r.firstTenthItemsPerSecond)} | ${f1(r.lastTenthItemsPerSecond)} | ${f2(r.lastTenthItemsPerSecond / r.firstTenthItemsPerSecond)} | ${f1(r.status.median)} / ${f1(r.status.p99)} / ${f1(r.status.max)} ms | ${f2(r.callsPerItem)} | ${f2(r.azuriteCpuSecondsPerThousandItems.first)} → ${f2(r.azuriteCpuSecondsPerThousandItems.last)} |`;
    }),
    '',
    "Items/s over each tenth of the job's items, in order (the target compares the last with the first; a sag in between counts as a miss too):",
    '',
    ...results.map((r) => `- ${sized(r)} files: ${(r.tenthsItemsPerSecond ?? []).map(f1).join(' → ')}`),
    '',
    'Where the time went in the last tenth of each job, against the first tenth: the operations that took the most storage time, their calls per item and their median latency.',
    '',
    '| files | operation | calls per item, first → last tenth | median latency, first → last tenth |',
    '| --- | --- | --- | --- |',
    ...results.flatMap((r) =>
      r.shifts.map(
        (s) =>
          `| ${sized(r)} | ${s.operation} | ${f2(s.firstPerItem)} → ${f2(s.lastPerItem)} | ${f1(s.firstMedianMs)} → ${f1(s.lastMedianMs)} ms |`,
      ),
    ),
    '',
    `**Targets: POST < 1 s; planning time per page flat (last ≤ 1.3 × first); items/s over the last tenth ≥ 0.8 × the first; status read p99 < 200 ms throughout: ${met ? 'met' : 'missed'}.** ${all
      .map(
        ({ r, v }) =>
          `${sized(r)} files: POST ${v.post ? 'met' : 'missed'}, pages ${v.pages ? 'met' : 'missed'}, items/s ${v.items ? 'met' : 'missed'}, status ${v.status ? 'met' : 'missed'}`,
      )
      .join(
        '; ',
      )}. Read the second table for the cause of any decay: calls per item that stay the same while their latency grows are the emulator (Azurite keeps blobs, messages and entities in LokiJS collections, and several of its lookups scan them: queue message deletes and gets scan the queue's messages, table queries with a filter scan the table, blob lookups scan the account's blobs); calls per item that grow would be the design.`,
    '',
  ];
  return lines;
}
