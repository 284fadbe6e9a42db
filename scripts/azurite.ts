/**
 * Starts an in-memory Azurite on loopback and returns its connection string. Used by the test runner, the
 * demo, `npm run dev` and the benchmarks, so no one has to start the emulator by hand. With `location` it
 * persists to that folder instead, so a restart on the same ports finds the same data (reliability tests).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection, createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const ACCOUNT = 'devstoreaccount1';
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteHandle {
  connectionString: string;
  process?: ChildProcess;
  stop(): Promise<void>;
}

export function connectionStringFor(ports: AzuritePorts): string {
  const host = 'http://127.0.0.1';
  return [
    'DefaultEndpointsProtocol=http',
    `AccountName=${ACCOUNT}`,
    `AccountKey=${KEY}`,
    `BlobEndpoint=${host}:${ports.blob}/${ACCOUNT}`,
    `QueueEndpoint=${host}:${ports.queue}/${ACCOUNT}`,
    `TableEndpoint=${host}:${ports.table}/${ACCOUNT}`,
  ].join(';');
}

export async function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface AzuritePorts {
  blob: number;
  queue: number;
  table: number;
}

/**
 * `ports: 'default'` uses 10000-10002 (what `UseDevelopmentStorage=true` expects), an object exactly those
 * ports, otherwise free ports. `location`: persist on disk in that folder instead of in memory.
 */
export async function startAzurite(
  options: { ports?: 'default' | 'free' | AzuritePorts; location?: string } = {},
): Promise<AzuriteHandle> {
  const ports =
    options.ports === 'default'
      ? { blob: 10000, queue: 10001, table: 10002 }
      : typeof options.ports === 'object'
        ? options.ports
        : { blob: await freePort(), queue: await freePort(), table: await freePort() };
  const bin = fileURLToPath(new URL('../node_modules/azurite/dist/src/azurite.js', import.meta.url));
  const child = spawn(
    process.execPath,
    [
      bin,
      ...(options.location ? ['--location', options.location] : ['--inMemoryPersistence']),
      '--silent',
      '--skipApiVersionCheck',
      '--disableTelemetry',
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(ports.blob),
      '--queueHost',
      '127.0.0.1',
      '--queuePort',
      String(ports.queue),
      '--tableHost',
      '127.0.0.1',
      '--tablePort',
      String(ports.table),
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const deadline = Date.now() + 30_000;
  while (!(
    (await isListening(ports.blob)) &&
    (await isListening(ports.queue)) &&
    (await isListening(ports.table))
  )) {
    if (child.exitCode !== null) throw new Error(`Azurite exited with code ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error('Azurite did not start within 30 s');
    await delay(100);
  }
  return {
    connectionString: connectionStringFor(ports),
    process: child,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
