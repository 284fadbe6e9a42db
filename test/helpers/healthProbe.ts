import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Asks `GET <url>` every `everyMs` from a process of its own, never waiting for earlier answers: a server
 * whose event loop is blocked then shows every request queued behind the block, and the probe's own timing
 * cannot be held up by the process it measures.
 */
const PROBE = `
const [url, everyMs] = [process.argv[1], Number(process.argv[2])];
const latencies = [];
const pending = new Set();
const timer = setInterval(() => {
  const started = performance.now();
  const request = fetch(url)
    .then(async (r) => { await r.arrayBuffer(); if (!r.ok) throw new Error('status ' + r.status); })
    .then(() => latencies.push(performance.now() - started), () => latencies.push(Infinity))
    .finally(() => pending.delete(request));
  pending.add(request);
}, everyMs);
process.stdin.resume();
process.stdin.on('end', async () => {
  clearInterval(timer);
  await Promise.all(pending);
  process.stdout.write(JSON.stringify(latencies));
});
`;

export interface LatencyFigures {
  requests: number;
  failed: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface HealthProbe {
  /** Stops probing, waits for the answers still out and summarises every request's latency. */
  stop(): Promise<LatencyFigures>;
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

export function probeHealth(url: string, everyMs = 50): HealthProbe {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--input-type=module', '-e', PROBE, url, String(everyMs)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    async stop() {
      child.stdin?.end();
      await exited;
      const latencies = (JSON.parse(output) as (number | null)[]).map((l) => l ?? Infinity);
      const sorted = latencies.filter(Number.isFinite).sort((a, b) => a - b);
      return {
        requests: latencies.length,
        failed: latencies.length - sorted.length,
        p50Ms: Math.round(percentile(sorted, 50)),
        p99Ms: Math.round(percentile(sorted, 99)),
        maxMs: Math.round(sorted.at(-1) ?? NaN),
      };
    },
  };
}
