/**
 * Benchmark 1: pipeline throughput on small mixed files, for the local runtime and two reference consumers
 * that this file implements: a naive sequential one (the original design) and the storage ceiling.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import pLimit from 'p-limit';
import type { QueueClient } from '@azure/storage-queue';
import { startLocalRuntime } from '../src/runtime/localRuntime.js';
import { isTerminal, sumShards } from '../src/lib/tracker/entities.js';
import { decodeMessage, encodeMessage } from '../src/lib/storage/messageCodec.js';
import { plainTextFormat } from '../src/lib/formats/plainText.js';
import { textFormatFor } from '../src/lib/formats/registry.js';
import { PseudoTranslator } from '../src/lib/translation/pseudoTranslator.js';
import type { Services } from '../src/lib/services.js';
import { freshStorage, uploadFiles, type BenchStorage } from './storage.js';

export interface ThroughputResult {
  consumer: string;
  latencyMs: number;
  items: number;
  seconds: number;
  filesPerSecond: number;
  /** Ours only: the stretch after planning finished (no more listing or enqueueing). */
  afterPlanning?: { items: number; seconds: number; filesPerSecond: number };
  concurrency: string;
  /** Azurite's CPU use during the measured window, in cores (1.0 = one core busy all the time). */
  azuriteCores: number;
  /** This process's CPU use during the window, in cores. */
  benchCores: number;
  /** files/s of every repetition when this is the best of several. */
  runs?: number[];
}

interface Window {
  wall0: number;
  azurite0: number;
  cpu0: NodeJS.CpuUsage;
}

const openWindow = (storage: BenchStorage): Window => ({
  wall0: performance.now(),
  azurite0: storage.azuriteCpuSeconds(),
  cpu0: process.cpuUsage(),
});

function closeWindow(
  storage: BenchStorage,
  w: Window,
): { seconds: number; azuriteCores: number; benchCores: number } {
  const seconds = (performance.now() - w.wall0) / 1000;
  const cpu = process.cpuUsage(w.cpu0);
  return {
    seconds,
    azuriteCores: (storage.azuriteCpuSeconds() - w.azurite0) / seconds,
    benchCores: (cpu.user + cpu.system) / 1e6 / seconds,
  };
}

const SOURCE = 'bench-source';
const TARGET = 'bench-target';

/** The local runtime at its default concurrency (host.json), from POST /api/jobs to the job's end. */
export async function measureOurs(files: Map<string, string>, latencyMs: number): Promise<ThroughputResult> {
  const storage = await freshStorage({ PSEUDO_LATENCY_MS: String(latencyMs) });
  try {
    const { config, services } = storage;
    await uploadFiles(services, SOURCE, files);
    const lines: string[] = [];
    const runtime = await startLocalRuntime({ config, services, port: 0, log: (l) => lines.push(l) });
    try {
      const w = openWindow(storage);
      const response = await fetch(`${runtime.url}/api/jobs`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ source_container: SOURCE, target_container: TARGET, target_language: 'es' }),
      });
      if (response.status !== 202) throw new Error(`POST /api/jobs answered ${response.status}`);
      const jobId = ((await response.json()) as { job_id: string }).job_id;
      let planned: { at: number; processed: number } | undefined;
      let processed = 0;
      for (;;) {
        const snapshot = await services.tracker.readSnapshot(jobId);
        if (!snapshot) throw new Error('job vanished');
        const counts = sumShards(snapshot.shards);
        processed = counts.succeeded + counts.failed + counts.cancelled;
        if (!planned && snapshot.job.planning_done) planned = { at: performance.now(), processed };
        if (isTerminal(snapshot.job.status)) {
          if (snapshot.job.status !== 'completed') throw new Error(`job ended ${snapshot.job.status}`);
          break;
        }
        await delay(100);
      }
      const end = performance.now();
      const window = closeWindow(storage, w);
      const after = planned
        ? {
            items: processed - planned.processed,
            seconds: (end - planned.at) / 1000,
            filesPerSecond: (processed - planned.processed) / ((end - planned.at) / 1000),
          }
        : undefined;
      return {
        consumer: 'ours (local runtime)',
        latencyMs,
        items: processed,
        seconds: window.seconds,
        filesPerSecond: processed / window.seconds,
        ...(after ? { afterPlanning: after } : {}),
        concurrency: 'host.json: batchSize 16, newBatchThreshold 8 (up to 24 in flight)',
        azuriteCores: window.azuriteCores,
        benchCores: window.benchCores,
      };
    } finally {
      await runtime.stop();
    }
  } finally {
    await storage.stop();
  }
}

interface BareMessage {
  source_path: string;
  target_path: string;
}

async function enqueueAll(queue: QueueClient, files: Map<string, string>): Promise<void> {
  const limit = pLimit(32);
  await Promise.all(
    [...files.keys()].map((path) =>
      limit(() => queue.sendMessage(encodeMessage({ source_path: path, target_path: `es/${path}` }))),
    ),
  );
}

/** The storage calls every consumer makes for one file, with or without a translation in the middle. */
async function processOne(
  services: Services,
  queue: QueueClient,
  message: { messageId: string; popReceipt: string; messageText: string },
  translator: PseudoTranslator | undefined,
): Promise<void> {
  const body = decodeMessage(message.messageText) as BareMessage;
  const source = services.storage.blobs.getContainerClient(SOURCE).getBlobClient(body.source_path);
  const bytes = await source.downloadToBuffer();
  let output = bytes;
  let characters = 0;
  if (translator) {
    const format = textFormatFor(body.source_path) ?? plainTextFormat;
    const document = format.parse(bytes.toString('utf8'), { targetLanguage: 'es' });
    const result = await translator.translate({ segments: document.segments, to: 'es' });
    characters = result.charactersCharged;
    output = Buffer.from(document.render(result.segments), 'utf8');
  }
  await services.storage.blobs
    .getContainerClient(TARGET)
    .getBlockBlobClient(body.target_path)
    .upload(output, output.length);
  await services.storage
    .table(services.config.jobsTable)
    .upsertEntity(
      { partitionKey: 'job', rowKey: body.target_path.replace(/\//g, '|'), status: 'succeeded', characters },
      'Merge',
    );
  await queue.deleteMessage(message.messageId, message.popReceipt);
}

async function prepareBare(
  files: Map<string, string>,
): Promise<{ storage: BenchStorage; queue: QueueClient }> {
  const storage = await freshStorage();
  await uploadFiles(storage.services, SOURCE, files);
  await storage.services.storage.blobs.getContainerClient(TARGET).createIfNotExists();
  const queue = storage.services.translationQueue;
  await enqueueAll(queue, files);
  return { storage, queue };
}

/**
 * The original design: one loop receives 10 messages, processes them one at a time (download, translate,
 * upload, tracker write, delete) and sleeps 2 s whenever the queue is empty. Messages are enqueued before
 * the clock starts, so it does no planning work at all.
 */
export async function measureNaive(files: Map<string, string>, latencyMs: number): Promise<ThroughputResult> {
  const { storage, queue } = await prepareBare(files);
  try {
    const translator = new PseudoTranslator(latencyMs);
    const w = openWindow(storage);
    let processed = 0;
    while (processed < files.size) {
      const { receivedMessageItems } = await queue.receiveMessages({
        numberOfMessages: 10,
        visibilityTimeout: 600,
      });
      if (receivedMessageItems.length === 0) {
        await delay(2000);
        continue;
      }
      for (const message of receivedMessageItems) {
        await processOne(storage.services, queue, message, translator);
        processed++;
      }
    }
    const window = closeWindow(storage, w);
    return {
      consumer: 'naive sequential (receive 10, one at a time, 2 s idle sleep)',
      latencyMs,
      items: processed,
      seconds: window.seconds,
      filesPerSecond: processed / window.seconds,
      concurrency: '1',
      azuriteCores: window.azuriteCores,
      benchCores: window.benchCores,
    };
  } finally {
    await storage.stop();
  }
}

/**
 * The storage ceiling: `loops` concurrent loops, each receiving 16 messages and making the same storage
 * calls per file (download, upload, tracker write, delete) with no translation. Pre-enqueued, like naive.
 */
export async function measureCeiling(files: Map<string, string>, loops: number): Promise<ThroughputResult> {
  const { storage, queue } = await prepareBare(files);
  try {
    const w = openWindow(storage);
    let processed = 0;
    const loop = async () => {
      for (;;) {
        const { receivedMessageItems } = await queue.receiveMessages({
          numberOfMessages: 16,
          visibilityTimeout: 600,
        });
        // The queue was full at the start: empty means the other loops hold what is left.
        if (receivedMessageItems.length === 0) return;
        for (const message of receivedMessageItems) {
          await processOne(storage.services, queue, message, undefined);
          processed++;
        }
      }
    };
    await Promise.all(Array.from({ length: loops }, loop));
    const window = closeWindow(storage, w);
    if (processed !== files.size) throw new Error(`ceiling processed ${processed} of ${files.size}`);
    return {
      consumer: 'storage ceiling (same storage calls, no translation)',
      latencyMs: 0,
      items: processed,
      seconds: window.seconds,
      filesPerSecond: processed / window.seconds,
      concurrency: `${loops} loops`,
      azuriteCores: window.azuriteCores,
      benchCores: window.benchCores,
    };
  } finally {
    await storage.stop();
  }
}
