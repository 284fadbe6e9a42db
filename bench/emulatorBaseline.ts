/**
 * Benchmark 11b: what one storage call costs on Azurite as a function of what the emulator holds, with no app
 * running. For each size N a fresh in-memory Azurite is loaded in bulk with N small blobs, N entities in one
 * table partition and N queue messages; then, on the otherwise idle emulator, each single operation the worker
 * makes per item is timed sequentially. Benchmark 11 counts the design's calls per item; this one prices a
 * call, so a slower job can be split into the two.
 */
import { randomBytes } from 'node:crypto';
import type { TableClient, TransactionAction } from '@azure/data-tables';
import type { ContainerClient } from '@azure/storage-blob';
import type { QueueClient } from '@azure/storage-queue';
import pLimit from 'p-limit';
import { startAzurite } from '../scripts/azurite.js';
import { azuriteRelease, AZURITE_RELEASE } from '../scripts/azuriteRelease.js';
import { createStorageClients } from '../src/lib/storage/clients.js';
import { benchConfig, cpuSecondsOf } from './storage.js';

export interface OperationCost {
  operation: string;
  medianMs: number;
  p90Ms: number;
  /** Azurite's CPU time (user + system, from /proc) over the timed calls, per call. */
  azuriteCpuMsPerCall: number;
}

export interface EmulatorBaselineResult {
  /** Blobs in the account, entities in the table's large partition, messages in the queue. */
  size: number;
  samples: number;
  loadSeconds: { blobs: number; entities: number; messages: number };
  operations: OperationCost[];
  /** Measured on the newer Azurite release (scripts/azuriteRelease.ts) instead of the project's own. */
  release?: string;
}

const BLOB_BODY = Buffer.from('Twenty bytes of text', 'utf8');
const MESSAGE = 'A small message, the size of an item reference.';
const LARGE_PARTITION = 'items';
/** The status read's shape: a short key range at the end of its own small partition (readJobSnapshot.ts). */
const SMALL_PARTITION = 'job';
const SMALL_ROWS = [
  'budget',
  'done-0001',
  'item-0001',
  'job',
  'shard-00',
  'shard-01',
  'shard-02',
  'shard-03',
];
const RANGE_FILTER = `PartitionKey eq '${SMALL_PARTITION}' and RowKey ge 'job' and RowKey lt 'shard.'`;
const UPLOAD_CONCURRENCY = 96;
const TRANSACTION_SIZE = 100;
const TRANSACTION_CONCURRENCY = 8;
const SEND_CONCURRENCY = 64;
const WARM_UP_CALLS = 10;

const key = (i: number) => String(i).padStart(6, '0');
const blobName = (i: number) => `load/${key(i)}.txt`;
const rowKey = (i: number) => `item-${key(i)}`;

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

/** Spreads the timed calls over the whole loaded range, the same way at every size. */
const spread = (call: number, size: number) => (call * 7919 + 13) % size;

async function seconds(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

/** Each upload looks the blob up among all the account's blobs, so loading takes time quadratic in N. */
async function loadBlobs(
  container: ContainerClient,
  size: number,
  log: (line: string) => void,
): Promise<void> {
  await container.create();
  const limit = pLimit(UPLOAD_CONCURRENCY);
  const started = performance.now();
  let done = 0;
  await Promise.all(
    Array.from({ length: size }, (_, i) =>
      limit(async () => {
        await container.getBlockBlobClient(blobName(i)).upload(BLOB_BODY, BLOB_BODY.length);
        if (++done % 10_000 === 0 && done < size)
          log(`  ${done} blobs uploaded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
      }),
    ),
  );
}

async function loadEntities(table: TableClient, size: number): Promise<void> {
  await table.createTable();
  const limit = pLimit(TRANSACTION_CONCURRENCY);
  const batches: Promise<unknown>[] = [];
  for (let from = 0; from < size; from += TRANSACTION_SIZE) {
    const actions: TransactionAction[] = [];
    for (let i = from; i < Math.min(size, from + TRANSACTION_SIZE); i++)
      actions.push([
        'create',
        { partitionKey: LARGE_PARTITION, rowKey: rowKey(i), file: blobName(i), state: 'queued' },
      ]);
    batches.push(limit(() => table.submitTransaction(actions)));
  }
  await Promise.all(batches);
  await table.submitTransaction(
    SMALL_ROWS.map((row): TransactionAction => [
      'create',
      { partitionKey: SMALL_PARTITION, rowKey: row, n: 0 },
    ]),
  );
}

async function loadMessages(queue: QueueClient, size: number): Promise<void> {
  await queue.create();
  const limit = pLimit(SEND_CONCURRENCY);
  await Promise.all(Array.from({ length: size }, () => limit(() => queue.sendMessage(MESSAGE))));
}

/**
 * Times `samples` sequential calls of one operation after a few untimed ones. `call(i)` returns the part of
 * its own time to count, when it is only one of several requests (a receive followed by its delete).
 */
async function timeOperation(
  operation: string,
  samples: number,
  azuritePid: number | undefined,
  call: (i: number) => Promise<number | void>,
): Promise<OperationCost> {
  for (let i = 0; i < WARM_UP_CALLS; i++) await call(samples + i);
  const cpuBefore = cpuSecondsOf(azuritePid);
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    const part = await call(i);
    times.push(typeof part === 'number' ? part : performance.now() - started);
  }
  const cpuMs = (cpuSecondsOf(azuritePid) - cpuBefore) * 1000;
  return {
    operation,
    medianMs: quantile(times, 0.5),
    p90Ms: quantile(times, 0.9),
    azuriteCpuMsPerCall: cpuMs / samples,
  };
}

async function drain(body: NodeJS.ReadableStream | undefined): Promise<void> {
  if (!body) return;
  for await (const chunk of body) void chunk;
}

export async function measureEmulatorBaseline(
  size: number,
  samples: number,
  log: (line: string) => void,
  onRelease = false,
): Promise<EmulatorBaselineResult> {
  const azurite = await startAzurite(onRelease ? { runtime: await azuriteRelease() } : {});
  try {
    const config = benchConfig(azurite);
    const clients = createStorageClients(config.storage);
    const container = clients.blobs.getContainerClient(`baseline-${randomBytes(4).toString('hex')}`);
    const table = clients.table(config.jobsTable);
    const queue = clients.queue(config.translationQueue);
    const loadSeconds = {
      blobs: await seconds(() => loadBlobs(container, size, log)),
      entities: await seconds(() => loadEntities(table, size)),
      messages: await seconds(() => loadMessages(queue, size)),
    };
    log(
      `  loaded ${size} blobs in ${loadSeconds.blobs.toFixed(1)} s, entities in ${loadSeconds.entities.toFixed(1)} s, messages in ${loadSeconds.messages.toFixed(1)} s`,
    );
    const pid = azurite.process?.pid;
    const existing = (i: number) => container.getBlockBlobClient(blobName(spread(i, size)));
    const row = (i: number) => rowKey(spread(i, size));
    let received: { messageId: string; popReceipt: string }[] = [];
    const operations: OperationCost[] = [];
    const time = async (operation: string, call: (i: number) => Promise<number | void>) => {
      const cost = await timeOperation(operation, samples, pid, call);
      operations.push(cost);
      log(
        `  ${operation}: median ${cost.medianMs.toFixed(1)} ms, p90 ${cost.p90Ms.toFixed(1)} ms, Azurite CPU ${cost.azuriteCpuMsPerCall.toFixed(1)} ms/call`,
      );
    };
    await time('blob GET (download)', async (i) => drain((await existing(i).download()).readableStreamBody));
    await time('blob HEAD (get properties)', async (i) => void (await existing(i).getProperties()));
    await time('blob PUT (new blob)', async (i) => {
      await container.getBlockBlobClient(`new/${key(i)}.txt`).upload(BLOB_BODY, BLOB_BODY.length);
    });
    await time('table point read', async (i) => void (await table.getEntity(LARGE_PARTITION, row(i))));
    await time('table update (merge, If-Match *)', async (i) => {
      await table.updateEntity({ partitionKey: LARGE_PARTITION, rowKey: row(i), state: 'done' }, 'Merge');
    });
    await time('table upsert (replace)', async (i) => {
      await table.upsertEntity({ partitionKey: LARGE_PARTITION, rowKey: row(i), state: 'done' }, 'Replace');
    });
    await time('table range query (small partition)', async () => {
      let rows = 0;
      for await (const entity of table.listEntities({ queryOptions: { filter: RANGE_FILTER } }))
        rows += entity ? 1 : 0;
      if (rows !== 5) throw new Error(`the range query returned ${rows} rows, not 5`);
    });
    await time('queue send', async () => void (await queue.sendMessage(MESSAGE)));
    await time('queue receive', async () => {
      received = (await queue.receiveMessages({ numberOfMessages: 1 })).receivedMessageItems;
      if (received.length !== 1) throw new Error('the queue returned no message');
    });
    // Each delete removes a message received just before it, outside the timing, as the worker does.
    await time('queue delete', async () => {
      const [message] = (await queue.receiveMessages({ numberOfMessages: 1 })).receivedMessageItems;
      if (!message) throw new Error('the queue returned no message');
      const started = performance.now();
      await queue.deleteMessage(message.messageId, message.popReceipt);
      return performance.now() - started;
    });
    return { size, samples, loadSeconds, operations, ...(onRelease ? { release: AZURITE_RELEASE } : {}) };
  } finally {
    await azurite.stop();
  }
}
