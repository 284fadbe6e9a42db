import { afterEach } from 'node:test';
import { randomBytes } from 'node:crypto';
import { closeOwner, leftovers, namesOwnedBy, openOwner, recordName } from './resourceLedger.js';
import type { TableClient } from '@azure/data-tables';
import { loadConfig, type AppConfig } from '../../src/lib/config.js';
import { createServices, type Services } from '../../src/lib/services.js';
import type { JobRow } from '../../src/lib/tracker/entities.js';
import { JOB_ROW } from '../../src/lib/tracker/keys.js';
import {
  appContainerNames,
  appQueueNames,
  appTableNames,
  ensureResources,
} from '../../src/lib/storage/ensureResources.js';

/** Lowercase, letter-first, unique per call: valid for queues, tables (minus hyphens) and containers. */
export function uniqueName(prefix: string): string {
  const name = `${prefix}${randomBytes(5).toString('hex')}`;
  recordName(name);
  return name;
}

/**
 * The jobs table's client, for tests that inspect or corrupt rows directly; the app itself reaches the table
 * only through its tracker.
 */
export const jobsTableOf = (services: Pick<Services, 'storage' | 'config'>): TableClient =>
  services.storage.table(services.config.jobsTable);

/** A job's row as stored, every column included (webhook state, counters), for tests that look behind the API. */
export const storedJobRow = (services: Pick<Services, 'storage' | 'config'>, jobId: string) =>
  jobsTableOf(services).getEntity<JobRow>(jobId, JOB_ROW);

/** A config whose queues and table belong to this test alone. */
export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  const id = uniqueName('t');
  return loadConfig({
    TRANSLATION_QUEUE: `${id}-jobs`,
    PLAN_QUEUE: `${id}-plan`,
    JOBS_TABLE: `${id}jobs`,
    CACHE_TABLE: `${id}cache`,
    MEMORY_CONTAINER: `${id}-memory`,
    WEBHOOK_QUEUE: `${id}-hooks`,
    PORT: '0',
    ...overrides,
  });
}

export interface TestEnvironment {
  config: AppConfig;
  services: Services;
  /** Creates a source container holding `files` (path → content). */
  sourceContainer(files: Record<string, string | Buffer>): Promise<string>;
  cleanup(): Promise<void>;
}

export async function testEnvironment(
  overrides: Record<string, string> = {},
  serviceOverrides: Parameters<typeof createServices>[1] = {},
): Promise<TestEnvironment> {
  const owner = openOwner();
  const config = testConfig(overrides);
  const services = createServices(config, serviceOverrides);
  await ensureResources(config, services.storage);
  const containers: string[] = [];
  return {
    config,
    services,
    async sourceContainer(files) {
      const name = uniqueName('src');
      containers.push(name);
      const container = services.storage.blobs.getContainerClient(name);
      await container.create();
      await Promise.all(
        Object.entries(files).map(([path, content]) => {
          const body = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
          return container.getBlockBlobClient(path).upload(body, body.length);
        }),
      );
      return name;
    },
    /** Deletes everything this environment made, and what was named while it was alive; fails if any remains. */
    async cleanup() {
      closeOwner(owner);
      const adopted = namesOwnedBy(owner);
      await Promise.allSettled([
        ...appQueueNames(config).map((q) => services.storage.queue(q).deleteIfExists()),
        ...appTableNames(config).map((t) => services.storage.table(t).deleteTable()),
        ...[...containers, ...adopted, ...appContainerNames(config)].map((c) =>
          services.storage.blobs.getContainerClient(c).deleteIfExists(),
        ),
        // Names a test made while this environment was alive may name queues (and their poison queues) too.
        ...adopted.flatMap((q) => [q, `${q}-poison`].map((n) => services.storage.queue(n).deleteIfExists())),
      ]);
      const left = await leftovers(adopted);
      if (left.length > 0) throw new Error(`Cleanup left storage resources behind: ${left.join(', ')}`);
    },
  };
}

/** Polls until `check` returns a value (not undefined) or the deadline passes. */
export async function waitUntil<T>(
  check: () => Promise<T | undefined>,
  { timeoutMs = 30_000, intervalMs = 50, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * For a describe block whose tests each make their own environment: returns the maker, and registers an
 * afterEach that cleans up every environment made during the test (newest first).
 */
export function environmentPerTest(): (overrides?: Record<string, string>) => Promise<TestEnvironment> {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return async (overrides = {}) => {
    const env = await testEnvironment(overrides);
    cleanups.push(() => env.cleanup());
    return env;
  };
}
