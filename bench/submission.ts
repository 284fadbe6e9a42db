/**
 * Benchmarks 2 and 3: how long POST /api/jobs takes as the source grows, how long planning takes, and what a
 * status read costs (time and storage calls) for a small and a large job.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import { defineFunctions, type HttpFunctionDefinition } from '../src/functions/definitions.js';
import { createHttpServer } from '../src/runtime/httpServer.js';
import { startLocalRuntime } from '../src/runtime/localRuntime.js';
import type { Services } from '../src/lib/services.js';
import { freshStorage, unheldPlanner, uploadFiles } from './storage.js';

export interface Stats {
  median: number;
  p95: number;
  max: number;
  n: number;
}

export function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] ?? NaN, n: sorted.length };
}

export interface SubmissionResult {
  blobs: number;
  /** POST /api/jobs with nothing else running. */
  post: Stats;
  /** POST /api/jobs right after another, while the planner works on that one. */
  postUnderLoadMs: number;
  /** From the POST to planning_complete, with the planner running and the workers not. */
  planSeconds: number;
  /** Time from the POST (then from the previous page) to each planned page of 1,000 blobs. */
  pageSeconds: number[];
}

export interface StatusReadResult {
  files: number;
  latency: Stats;
  tableCallsPerRead: number;
}

/** Only the HTTP routes: the same handlers as the runtime, without queue listeners. */
async function httpOnly(services: Services): Promise<{ url: string; server: Server }> {
  const http = defineFunctions(() => services).filter((d): d is HttpFunctionDefinition => d.kind === 'http');
  const server = createHttpServer(http, { log: () => undefined });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

async function post(url: string, source: string, target: string): Promise<{ ms: number; jobId: string }> {
  const started = performance.now();
  const response = await fetch(`${url}/api/jobs`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ source_container: source, target_container: target, target_language: 'es' }),
  });
  const body = (await response.json()) as { job_id: string };
  const ms = performance.now() - started;
  if (response.status !== 202) throw new Error(`POST answered ${response.status}`);
  return { ms, jobId: body.job_id };
}

function blobsNamed(count: number, prefix: string): Map<string, string> {
  const files = new Map<string, string>();
  for (let i = 0; i < count; i++) files.set(`${prefix}/${String(i).padStart(6, '0')}.txt`, `Document ${i}.`);
  return files;
}

/**
 * One fresh emulator per size. With `statusReads`, the largest run also measures status reads of a
 * 10-file job and of this job (10,000 files) once both are planned and the runtime is stopped.
 */
export async function measureSubmission(
  blobs: number,
  options: { posts: number; statusReads?: number; log: (line: string) => void },
): Promise<{ submission: SubmissionResult; statusReads?: StatusReadResult[] }> {
  const storage = await freshStorage();
  const { services, config } = storage;
  const calls = storage.tableRequests;
  try {
    options.log(`  uploading ${blobs} blobs...`);
    await uploadFiles(services, 'bench-source', blobsNamed(blobs, 'docs'), 64);
    await uploadFiles(services, 'bench-small', blobsNamed(10, 'small'));

    const quiet = await httpOnly(services);
    const postMs: number[] = [];
    // One warm-up request (connection set-up, first table write), not counted.
    await post(quiet.url, 'bench-source', 'bench-target');
    for (let i = 0; i < options.posts; i++)
      postMs.push((await post(quiet.url, 'bench-source', 'bench-target')).ms);
    await close(quiet.server);
    // Those jobs are never planned: only the next one is.
    await services.planQueue.clearMessages();

    // The planner alone: the runtime's queue listeners take their queue names from `config`, the handlers
    // send through `services`, so pointing the translation listeners at an unused queue keeps every planned
    // item on the real queue, unprocessed, and the measurement is planning only.
    const unused = `${config.translationQueue}-idle`;
    const plannerOnly = { ...config, translationQueue: unused, translationPoisonQueue: `${unused}-poison` };
    const pages: { at: number; line: string }[] = [];
    const runtime = await startLocalRuntime({
      config: plannerOnly,
      services: unheldPlanner(services),
      port: 0,
      log: (line) => {
        if (line.includes('planned page')) pages.push({ at: performance.now(), line });
      },
    });
    let planSeconds = NaN;
    const pageSeconds: number[] = [];
    let underLoad = NaN;
    let bigJob = '';
    let smallJob = '';
    try {
      const started = performance.now();
      const submitted = await post(runtime.url, 'bench-source', 'bench-target');
      bigJob = submitted.jobId;
      // Another submission while the planner works on the first.
      const small = await post(runtime.url, 'bench-small', 'bench-small-out');
      underLoad = small.ms;
      smallJob = small.jobId;
      for (;;) {
        const snapshot = await services.tracker.readSnapshot(bigJob);
        if (snapshot?.job.planning_done) break;
        await delay(50);
      }
      planSeconds = (performance.now() - started) / 1000;
      let previous = started;
      for (const page of pages.filter((p) => p.line.includes(bigJob))) {
        pageSeconds.push((page.at - previous) / 1000);
        previous = page.at;
      }
      for (;;) {
        const snapshot = await services.tracker.readSnapshot(smallJob);
        if (snapshot?.job.planning_done) break;
        await delay(50);
      }
    } finally {
      await runtime.stop();
    }
    const submission: SubmissionResult = {
      blobs,
      post: stats(postMs),
      postUnderLoadMs: underLoad,
      planSeconds,
      pageSeconds,
    };
    if (!options.statusReads) return { submission };

    const reader = await httpOnly(services);
    const results: StatusReadResult[] = [];
    try {
      for (const [files, jobId] of [
        [10, smallJob],
        [blobs, bigJob],
      ] as const) {
        const latency: number[] = [];
        calls.reset();
        for (let i = 0; i < options.statusReads; i++) {
          const started = performance.now();
          const response = await fetch(`${reader.url}/api/jobs/${jobId}`);
          const body = (await response.json()) as { total_files: number };
          latency.push(performance.now() - started);
          if (response.status !== 200 || body.total_files !== files) {
            throw new Error(
              `status read of the ${files}-file job: ${response.status}, total ${body.total_files}`,
            );
          }
        }
        results.push({
          files,
          latency: stats(latency),
          tableCallsPerRead: calls.count / options.statusReads,
        });
      }
    } finally {
      await close(reader.server);
    }
    return { submission, statusReads: results };
  } finally {
    await storage.stop();
  }
}
