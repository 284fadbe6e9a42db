/**
 * One fresh Azurite per measured configuration: Azurite slows down as it accumulates data, so sharing one
 * emulator would make later measurements look worse than earlier ones.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pLimit from 'p-limit';
import { startAzurite, type AzuriteHandle } from '../scripts/azurite.js';
import { loadConfig, type AppConfig } from '../src/lib/config.js';
import { createServices, type Services } from '../src/lib/services.js';
import { ensureResources } from '../src/lib/storage/ensureResources.js';
import type { Translator } from '../src/lib/translation/translator.js';
import { countingStorage, type RequestCount } from '../test/helpers/requestCounter.js';
import { AZURITE_RELEASE, azuriteRelease } from '../scripts/azuriteRelease.js';
import { startSplitEmulator } from './splitEmulator.js';

/**
 * `in-memory`: one Azurite process holding everything in memory (what the tests use). `split-mariadb`: blob,
 * queue and table as three processes, blob metadata in MariaDB (bench/splitEmulator.ts). `split-indexed`: the
 * same, with the table service's point lookups through its RowKey index (bench/indexedTableLookups.js).
 * `release`: one in-memory process of a newer Azurite on Node 22 (scripts/azuriteRelease.ts), whose blob and
 * table lookups use their indices.
 */
export type EmulatorKind = 'in-memory' | 'split-mariadb' | 'split-indexed' | 'release';

export const EMULATOR_KINDS: readonly EmulatorKind[] = [
  'in-memory',
  'split-mariadb',
  'split-indexed',
  'release',
];

/** Each emulator as the reports name it. */
export const EMULATOR_NAMES: Record<EmulatorKind, string> = {
  'in-memory': 'one in-memory Azurite',
  'split-mariadb': 'split emulator, blob metadata in MariaDB',
  'split-indexed': 'split emulator, blob metadata in MariaDB, table lookups by RowKey index',
  release: `Azurite ${AZURITE_RELEASE} on Node 22, in memory`,
};

export interface BenchStorage {
  azurite: AzuriteHandle;
  config: AppConfig;
  services: Services;
  tableRequests: RequestCount;
  /** CPU seconds the emulator has used so far (user + system, all its processes), from /proc. */
  azuriteCpuSeconds(): number;
  stop(): Promise<void>;
}

const CLOCK_TICKS_PER_SECOND = 100;

export function cpuSecondsOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    // Fields after the command name: state is field 3, utime 14, stime 15 (see proc(5)).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Settings for one fresh emulator, with queue and table names of its own. */
export function benchConfig(azurite: AzuriteHandle, settings: Record<string, string> = {}): AppConfig {
  const id = `b${randomBytes(4).toString('hex')}`;
  // Explicit values only: the caller's environment must not redirect the bench to another storage account.
  return loadConfig(
    {
      AzureWebJobsStorage: azurite.connectionString,
      TRANSLATION_QUEUE: `${id}-jobs`,
      PLAN_QUEUE: `${id}-plan`,
      JOBS_TABLE: `${id}jobs`,
      PORT: '0',
      ...settings,
    },
    {},
  );
}

/**
 * For planning measured alone (workers on an unused queue): nothing drains the translation queue, so the
 * planner must not wait for it (PLANNER_QUEUE_HIGH_WATER), or planning would stop after two pages.
 */
export const unheldPlanner = (services: Services): Services => ({
  ...services,
  config: { ...services.config, plannerQueueHighWater: Number.MAX_SAFE_INTEGER },
});

/** A fresh emulator of `kind`, and the CPU seconds all its processes have used so far. */
export async function startEmulator(
  kind: EmulatorKind,
): Promise<{ azurite: AzuriteHandle; cpuSeconds: () => number }> {
  const split =
    kind === 'split-mariadb' || kind === 'split-indexed'
      ? await startSplitEmulator({ indexedTableLookups: kind === 'split-indexed' })
      : undefined;
  const azurite =
    split?.handle ?? (await startAzurite(kind === 'release' ? { runtime: await azuriteRelease() } : {}));
  const pids = split ? split.pids : () => [azurite.process?.pid];
  return { azurite, cpuSeconds: () => pids().reduce((sum: number, pid) => sum + cpuSecondsOf(pid), 0) };
}

export async function freshStorage(
  settings: Record<string, string> = {},
  overrides: { translator?: Translator } = {},
  emulator: EmulatorKind = 'in-memory',
): Promise<BenchStorage> {
  const { azurite, cpuSeconds } = await startEmulator(emulator);
  const config = benchConfig(azurite, settings);
  // Every table client counts its requests: what each stage costs in storage calls.
  const { storage, tableRequests } = countingStorage(config);
  const services = createServices(config, { ...overrides, storage });
  await ensureResources(config, services.storage);
  return {
    azurite,
    config,
    services,
    tableRequests,
    azuriteCpuSeconds: cpuSeconds,
    stop: () => azurite.stop(),
  };
}

/** Uploads `files` (path → content) into a new container; not part of any measurement. */
export async function uploadFiles(
  services: Services,
  container: string,
  files: Iterable<[string, string | Buffer]>,
  concurrency = 32,
): Promise<void> {
  const client = services.storage.blobs.getContainerClient(container);
  await client.createIfNotExists();
  const limit = pLimit(concurrency);
  const uploads: Promise<unknown>[] = [];
  for (const [path, content] of files) {
    const body = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    uploads.push(limit(() => client.getBlockBlobClient(path).upload(body, body.length)));
  }
  await Promise.all(uploads);
}
