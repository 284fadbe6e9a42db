/**
 * Which storage resources (queues, tables, containers) each test made, so none outlives its owner. Every
 * name comes from `uniqueName`, which writes it here together with its owner: the test environment alive
 * when it was made (it deletes them in `cleanup` and fails if any remain), or the test itself, which must
 * delete them before it ends (the `afterEach` of leakGuard.ts fails it otherwise).
 */
import { createStorageClients, type StorageClients } from '../../src/lib/storage/clients.js';
import { loadConfig } from '../../src/lib/config.js';

interface Entry {
  name: string;
  /** The environment that adopted the name; undefined: the test that made it owns it. */
  owner?: number;
  /** The test running when the name was made; undefined: a hook outside any test (before/after). */
  test?: number;
}

const entries: Entry[] = [];
const liveOwners: number[] = [];
const ownerTests = new Map<number, number | undefined>();
let nextOwner = 1;
let currentTest: number | undefined;
let testCounter = 0;

export function recordName(name: string): void {
  entries.push({ name, owner: liveOwners.at(-1), test: currentTest });
}

/** An environment starts adopting the names made from now on; returns its id. */
export function openOwner(): number {
  const id = nextOwner++;
  liveOwners.push(id);
  ownerTests.set(id, currentTest);
  return id;
}

export function closeOwner(id: number): void {
  const at = liveOwners.lastIndexOf(id);
  if (at >= 0) liveOwners.splice(at, 1);
}

export const namesOwnedBy = (owner: number): string[] =>
  entries.filter((entry) => entry.owner === owner).map((entry) => entry.name);

export function testStarted(): void {
  currentTest = ++testCounter;
}

/** Names the test that just ended must have deleted: its own, and those of environments it created. */
export function testEnded(): string[] {
  const test = currentTest;
  currentTest = undefined;
  if (test === undefined) return [];
  return entries
    .filter((entry) => entry.test === test)
    .filter((entry) => entry.owner === undefined || ownerTests.get(entry.owner) === test)
    .map((entry) => entry.name);
}

let storage: StorageClients | undefined;
const storageClients = (): StorageClients => (storage ??= createStorageClients(loadConfig().storage));

/** The queues, tables and containers that still exist whose names start with one of `names`. */
export async function leftovers(names: readonly string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const { blobs, queues } = storageClients();
  const starts = (found: string) =>
    names.some((name) => found.startsWith(name) || found.startsWith(name.replace(/-/g, '')));
  const found: string[] = [];
  for await (const container of blobs.listContainers())
    if (starts(container.name)) found.push(`container ${container.name}`);
  for await (const queue of queues.listQueues()) if (starts(queue.name)) found.push(`queue ${queue.name}`);
  const { TableServiceClient } = await import('@azure/data-tables');
  const config = loadConfig();
  if (config.storage.kind === 'connectionString') {
    const tables = TableServiceClient.fromConnectionString(config.storage.connectionString, {
      allowInsecureConnection: true,
    });
    for await (const table of tables.listTables())
      if (table.name && starts(table.name)) found.push(`table ${table.name}`);
  }
  return found;
}
