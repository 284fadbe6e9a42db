/**
 * Where a job's translation-memory index lives: one JSON blob in the memory container, named by the SHA-256
 * of its content (`tmx/<sha256>.json`), written once at submission. Content naming makes the write
 * idempotent (a replayed submission writes the same blob) and lets a worker keep an index in memory for as
 * long as it likes: a name never comes to mean other content. A worker process reads each index once.
 */
import { createHash } from 'node:crypto';
import type { ContainerClient } from '@azure/storage-blob';
import { PermanentItemError, isNotFound } from '../errors.js';
import { indexLookup, tmxIndexSchema, type TmxIndex, type TmxIndexFile } from './tmxIndex.js';

export const TMX_INDEX_PREFIX = 'tmx/';

/** Writes the index and returns its blob name. */
export async function writeTmxIndex(container: ContainerClient, file: TmxIndexFile): Promise<string> {
  const body = JSON.stringify(file);
  const name = `${TMX_INDEX_PREFIX}${createHash('sha256').update(body).digest('hex')}.json`;
  await container.createIfNotExists();
  await container
    .getBlockBlobClient(name)
    .upload(body, Buffer.byteLength(body), { blobHTTPHeaders: { blobContentType: 'application/json' } });
  return name;
}

async function readTmxIndex(container: ContainerClient, name: string): Promise<TmxIndex> {
  let bytes: Buffer;
  try {
    bytes = await container.getBlockBlobClient(name).downloadToBuffer();
  } catch (error) {
    if (!isNotFound(error)) throw error;
    throw new PermanentItemError(
      'translation_memory_unavailable',
      `The job's translation memory index "${name}" is no longer in container "${container.containerName}" (was the memory cleared while the job ran?); retry the job's failed files after resubmitting, or submit the job again.`,
    );
  }
  const parsed = tmxIndexSchema.safeParse(JSON.parse(bytes.toString('utf8')));
  if (!parsed.success) throw new Error(`The translation memory index "${name}" is not a valid index`);
  return indexLookup(parsed.data);
}

/** Indexes a process keeps: jobs running at once rarely share a worker by the dozen. */
const CACHED_INDEXES = 8;
const cache = new Map<string, Promise<TmxIndex>>();

/**
 * The index, read from storage at most once per process while it stays among the most recently used ones.
 * Concurrent items of one job share one read; a failed read is forgotten so the next item tries again.
 */
export function loadTmxIndex(container: ContainerClient, name: string): Promise<TmxIndex> {
  const key = `${container.url}\n${name}`;
  const cached = cache.get(key);
  if (cached) {
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }
  const loading = readTmxIndex(container, name);
  cache.set(key, loading);
  loading.catch(() => cache.delete(key));
  while (cache.size > CACHED_INDEXES) {
    const oldest = cache.keys().next().value;
    if (oldest === undefined) break;
    cache.delete(oldest);
  }
  return loading;
}
