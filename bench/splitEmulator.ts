/**
 * Azurite as three processes (`blob/main`, `queue/main`, `table/main`, as the `azurite-blob`, `azurite-queue`
 * and `azurite-table` commands run them), the blob service keeping its metadata in MariaDB (`AZURITE_DB`)
 * instead of in memory. Why: the in-memory blob store finds a blob by scanning every blob of the account
 * (§11b), so on it a read costs more the more the account holds; in MariaDB a read is an indexed lookup, as
 * it is on Azure. Queue and table stay in memory (Azurite has no other store for them).
 *
 * Needs `mariadbd`, `mariadb-install-db` and the `mariadb` client (Debian: `apt-get install mariadb-server`).
 * The server runs as a private instance in a temporary folder on a free port, one per bench process; each
 * emulator gets a database of its own, dropped when it stops.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  connectionStringFor,
  freePort,
  isListening,
  stopProcess,
  waitUntilListening,
  type AzuriteHandle,
  type AzuritePorts,
} from '../scripts/azurite.js';

const run = promisify(execFile);
const PASSWORD = 'bench';

/** Why the split emulator cannot run here, or undefined when it can. */
export function splitEmulatorMissing(): string | undefined {
  const needed = ['/usr/sbin/mariadbd', '/usr/bin/mariadb-install-db', '/usr/bin/mariadb'];
  const missing = needed.filter((path) => !existsSync(path));
  return missing.length ? `${missing.join(', ')} not installed (apt-get install mariadb-server)` : undefined;
}

interface MariaDb {
  port: number;
  socket: string;
  process: ChildProcess;
}

let server: Promise<MariaDb> | undefined;

async function startMariaDb(): Promise<MariaDb> {
  const folder = mkdtempSync(join(tmpdir(), 'bench-mariadb-'));
  const socket = join(folder, 'socket');
  await run('mariadb-install-db', [
    '--no-defaults',
    `--datadir=${join(folder, 'data')}`,
    '--user=root',
    '--auth-root-authentication-method=socket',
    '--skip-test-db',
  ]);
  const port = await freePort();
  // Durability is not measured: the bench's data lives for one run, so commits are not flushed to disk.
  const child = spawn(
    'mariadbd',
    [
      '--no-defaults',
      `--datadir=${join(folder, 'data')}`,
      '--user=root',
      `--socket=${socket}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      '--skip-log-bin',
      '--innodb-flush-log-at-trx-commit=0',
      '--innodb-doublewrite=0',
    ],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 60_000;
  while (!(await isListening(port))) {
    if (child.exitCode !== null) throw new Error(`mariadbd exited with code ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error('mariadbd did not start within 60 s');
    await delay(200);
  }
  const stop = () => {
    child.kill('SIGKILL');
    // The server may still be writing as it dies: what is left in the temporary folder is left to the OS.
    try {
      rmSync(folder, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      return;
    }
  };
  process.once('exit', stop);
  child.unref();
  await sql(
    socket,
    `CREATE USER 'bench'@'127.0.0.1' IDENTIFIED BY '${PASSWORD}'; GRANT ALL ON *.* TO 'bench'@'127.0.0.1';`,
  );
  return { port, socket, process: child };
}

async function sql(socket: string, statements: string): Promise<void> {
  await run('mariadb', ['--no-defaults', `--socket=${socket}`, '--user=root', '-e', statements]);
}

const azuriteMain = (service: keyof AzuritePorts) =>
  fileURLToPath(new URL(`../node_modules/azurite/dist/src/${service}/main.js`, import.meta.url));

const QUIET = ['--silent', '--skipApiVersionCheck', '--disableTelemetry'];

export interface SplitEmulator {
  handle: AzuriteHandle;
  /** The three emulator processes and MariaDB: their CPU is the emulator's. */
  pids: () => (number | undefined)[];
}

export interface SplitEmulatorOptions {
  /** Point lookups in the table service through its RowKey index instead of a partition scan (indexedTableLookups.js). */
  indexedTableLookups?: boolean;
}

export async function startSplitEmulator(options: SplitEmulatorOptions = {}): Promise<SplitEmulator> {
  server ??= startMariaDb();
  const mariadb = await server;
  const database = `azurite_${randomBytes(4).toString('hex')}`;
  await sql(mariadb.socket, `CREATE DATABASE ${database};`);
  const location = mkdtempSync(join(tmpdir(), 'bench-azurite-blob-'));
  const ports = { blob: await freePort(), queue: await freePort(), table: await freePort() };
  const preload = fileURLToPath(new URL('./indexedTableLookups.js', import.meta.url));
  const service = (name: keyof AzuritePorts, store: string[], env?: NodeJS.ProcessEnv) =>
    spawn(
      process.execPath,
      [
        ...(name === 'table' && options.indexedTableLookups ? ['--import', preload] : []),
        azuriteMain(name),
        ...store,
        ...QUIET,
        `--${name}Host`,
        '127.0.0.1',
        `--${name}Port`,
        String(ports[name]),
      ],
      { stdio: ['ignore', 'ignore', 'inherit'], ...(env ? { env } : {}) },
    );
  const children = [
    service('blob', ['--location', location], {
      ...process.env,
      AZURITE_DB: `mysql://bench:${PASSWORD}@127.0.0.1:${mariadb.port}/${database}`,
    }),
    service('queue', ['--inMemoryPersistence']),
    service('table', ['--inMemoryPersistence']),
  ];
  await waitUntilListening(ports, children, 60_000);
  const stop = async () => {
    await Promise.all(children.map(stopProcess));
    rmSync(location, { recursive: true, force: true });
    await sql(mariadb.socket, `DROP DATABASE ${database};`);
  };
  return {
    handle: { connectionString: connectionStringFor(ports), process: children[0], stop },
    pids: () => [...children.map((child) => child.pid), mariadb.process.pid],
  };
}
