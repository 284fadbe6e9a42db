/**
 * Benchmark 1: pipeline throughput on small mixed files, for the local runtime and two reference consumers
 * that this file implements: a naive sequential one (the original design) and the storage ceiling.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import pLimit from 'p-limit';
import type { QueueClient } from '@azure/storage-queue';
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
  /** The most items this configuration holds in flight at once (ours: batchSize + newBatchThreshold). */
  inFlight?: number;
  /** Ours only: the items were planned before the clock started, as the reference consumers' are enqueued. */
  prePlanned?: boolean;
}

export interface Window {
  wall0: number;
  azurite0: number;
  cpu0: NodeJS.CpuUsage;
}

export const openWindow = (storage: BenchStorage): Window => ({
  wall0: performance.now(),
  azurite0: storage.azuriteCpuSeconds(),
  cpu0: process.cpuUsage(),
});

export function closeWindow(
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

export const SOURCE = 'bench-source';
export const TARGET = 'bench-target';

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

export interface ReceivedMessage {
  messageId: string;
  popReceipt: string;
  messageText: string;
}

/** The storage calls every consumer makes for one file, with or without a translation in the middle. */
async function processOne(
  services: Services,
  queue: QueueClient,
  message: ReceivedMessage,
  translator: PseudoTranslator | undefined,
  waitMs = 0,
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
  } else if (waitMs > 0) {
    await delay(waitMs);
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

export async function prepareBare(
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

/** One item's storage calls, made by a ceiling loop: `processOne`'s five by default. */
export type CeilingItem = (
  storage: BenchStorage,
  queue: QueueClient,
  message: ReceivedMessage,
  loop: number,
  waitMs: number,
) => Promise<void>;

const bareItem: CeilingItem = (storage, queue, message, _loop, waitMs) =>
  processOne(storage.services, queue, message, undefined, waitMs);

/**
 * The storage ceiling: `loops` concurrent loops, each receiving 16 messages and making the same storage
 * calls per file (download, upload, tracker write, delete) with no translation, so at most `loops` items are in
 * flight. With `latencyMs`, each item waits that long between download and upload, as for a provider's answer.
 * Pre-enqueued, like naive. `item` replaces the calls made per file (see ceilingSameCalls.ts).
 */
export async function measureCeiling(
  files: Map<string, string>,
  loops: number,
  latencyMs = 0,
  item: { consumer: string; run: CeilingItem; prepare?: (storage: BenchStorage) => Promise<void> } = {
    consumer: 'storage ceiling (same storage calls, no translation)',
    run: bareItem,
  },
): Promise<ThroughputResult> {
  const { storage, queue } = await prepareBare(files);
  try {
    await item.prepare?.(storage);
    const w = openWindow(storage);
    let processed = 0;
    const loop = async (_: unknown, index: number) => {
      for (;;) {
        const { receivedMessageItems } = await queue.receiveMessages({
          numberOfMessages: 16,
          visibilityTimeout: 600,
        });
        // The queue was full at the start: empty means the other loops hold what is left.
        if (receivedMessageItems.length === 0) return;
        for (const message of receivedMessageItems) {
          await item.run(storage, queue, message, index, latencyMs);
          processed++;
        }
      }
    };
    await Promise.all(Array.from({ length: loops }, loop));
    const window = closeWindow(storage, w);
    if (processed !== files.size) throw new Error(`ceiling processed ${processed} of ${files.size}`);
    return {
      consumer: item.consumer,
      latencyMs,
      items: processed,
      seconds: window.seconds,
      filesPerSecond: processed / window.seconds,
      concurrency: `${loops} loops`,
      inFlight: loops,
      azuriteCores: window.azuriteCores,
      benchCores: window.benchCores,
    };
  } finally {
    await storage.stop();
  }
}
