/**
 * A storage ceiling that makes the storage calls ours makes for an item on a cache miss (bench section 10),
 * with no parsing and no translation: what storage alone allows for our pipeline's calls. Its gap to the bare
 * ceiling is the cost of the calls the features add; ours' gap to it is everything else (parsing, the
 * runtime's orchestration, CPU on the consumer's side).
 */
import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { isNotFound } from '../src/lib/errors.js';
import { decodeMessage } from '../src/lib/storage/messageCodec.js';
import type { ThroughputResult } from './pipeline.js';
import { measureCeiling, SOURCE, TARGET, type CeilingItem } from './pipeline.js';
import type { BenchStorage } from './storage.js';

const MAPS = 'bench-maps';
const cacheTable = (storage: BenchStorage) => `${storage.config.jobsTable}cache`;

const ignoreNotFound = (error: unknown) => {
  if (!isNotFound(error)) throw error;
};

/**
 * Per item, in ours' order: source download, segment map read (404 on a first run), cache lookup (404), the
 * target's upload, the cache pointer's upsert, the map's upload, one outcome transaction (done marker, item
 * row, counter shard: ours groups outcomes that coincide, so it makes fewer), the message's delete.
 */
const sameCallsItem: CeilingItem = async (storage, queue, message, loop, waitMs) => {
  const body = decodeMessage(message.messageText) as { source_path: string; target_path: string };
  const { blobs } = storage.services.storage;
  const bytes = await blobs.getContainerClient(SOURCE).getBlobClient(body.source_path).downloadToBuffer();
  const map = blobs.getContainerClient(MAPS).getBlockBlobClient(`${body.target_path}.json`);
  await map.downloadToBuffer().catch(ignoreNotFound);
  const key = createHash('sha256').update(bytes).digest('hex');
  const cache = storage.services.storage.table(cacheTable(storage));
  await cache.getEntity('es', key).catch(ignoreNotFound);
  if (waitMs > 0) await delay(waitMs);
  await blobs.getContainerClient(TARGET).getBlockBlobClient(body.target_path).upload(bytes, bytes.length);
  await cache.upsertEntity({ partitionKey: 'es', rowKey: key, path: body.target_path }, 'Replace');
  const mapBody = Buffer.from(JSON.stringify({ source: body.source_path, segments: [] }));
  await map.upload(mapBody, mapBody.length);
  const row = body.target_path.replace(/\//g, '|');
  await storage.services.storage.table(storage.config.jobsTable).submitTransaction([
    ['create', { partitionKey: 'job', rowKey: `done-${row}`, status: 'succeeded' }],
    ['upsert', { partitionKey: 'job', rowKey: `item-${row}`, status: 'succeeded' }, 'Merge'],
    ['upsert', { partitionKey: 'job', rowKey: `shard-${loop}`, at: Date.now() }, 'Merge'],
  ]);
  await queue.deleteMessage(message.messageId, message.popReceipt);
};

export const measureSameCallsCeiling = (
  files: Map<string, string>,
  loops: number,
  latencyMs = 0,
): Promise<ThroughputResult> =>
  measureCeiling(files, loops, latencyMs, {
    consumer: 'storage ceiling with our calls (cache miss, no parsing or translation)',
    run: sameCallsItem,
    async prepare(storage) {
      await storage.services.storage.blobs.getContainerClient(MAPS).createIfNotExists();
      await storage.services.storage.table(cacheTable(storage)).createTable();
    },
  });
