/**
 * Benchmark 1b: throughput at equal concurrency. For each number of items in flight N, the storage ceiling
 * with N loops and the local runtime with host.json settings holding N in flight, each on its own fresh
 * Azurite, one after the other (side by side in one run).
 */
import { measureOurs } from './ours.js';
import { measureSameCallsCeiling } from './ceilingSameCalls.js';
import { measureCeiling, type ThroughputResult } from './pipeline.js';

export interface CurveOptions {
  inFlight: number[];
  latencies: number[];
  /** Runs of each configuration; the best is kept (other work on the machine only slows a run down). */
  repeat: number;
  log: (line: string) => void;
}

async function best(
  what: string,
  repeat: number,
  log: (line: string) => void,
  measure: () => Promise<ThroughputResult>,
): Promise<ThroughputResult> {
  const runs: ThroughputResult[] = [];
  for (let i = 0; i < repeat; i++) {
    const result = await measure();
    log(
      `throughput: ${what}${repeat > 1 ? ` (run ${i + 1} of ${repeat})` : ''}: ${result.filesPerSecond.toFixed(1)} files/s (${result.seconds.toFixed(1)} s, Azurite ${result.azuriteCores.toFixed(2)} cores, bench ${result.benchCores.toFixed(2)} cores)`,
    );
    runs.push(result);
  }
  const top = runs.reduce((a, b) => (a.filesPerSecond >= b.filesPerSecond ? a : b));
  return repeat > 1 ? { ...top, runs: runs.map((r) => r.filesPerSecond) } : top;
}

/**
 * The curve: per latency and N, the bare ceiling, the ceiling making our calls, ours planned beforehand, and
 * ours from POST to end.
 */
export async function measureCurve(
  files: Map<string, string>,
  options: CurveOptions,
): Promise<ThroughputResult[]> {
  const { repeat, log } = options;
  const results: ThroughputResult[] = [];
  for (const latency of options.latencies) {
    for (const n of options.inFlight) {
      const at = `N=${n}, ${latency} ms`;
      results.push(await best(`ceiling, ${at}`, repeat, log, () => measureCeiling(files, n, latency)));
      results.push(
        await best(`ceiling with our calls, ${at}`, repeat, log, () =>
          measureSameCallsCeiling(files, n, latency),
        ),
      );
      results.push(
        await best(`ours planned beforehand, ${at}`, repeat, log, () =>
          measureOurs(files, latency, { inFlight: n, prePlanned: true }),
        ),
      );
      results.push(
        await best(`ours from POST, ${at}`, repeat, log, () => measureOurs(files, latency, { inFlight: n })),
      );
    }
  }
  return results;
}
