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

/** Another Azurite than the project's own (the benchmarks compare releases): its entry point and the Node that runs it. */
export interface AzuriteRuntime {
  node: string;
  main: string;
}

/**
 * `ports: 'default'` uses 10000-10002 (what `UseDevelopmentStorage=true` expects), an object exactly those
 * ports, otherwise free ports. `location`: persist on disk in that folder instead of in memory. `runtime`: run
 * that Azurite instead of the one in node_modules.
 */
export async function startAzurite(
  options: { ports?: 'default' | 'free' | AzuritePorts; location?: string; runtime?: AzuriteRuntime } = {},
): Promise<AzuriteHandle> {
  const ports =
    options.ports === 'default'
      ? { blob: 10000, queue: 10001, table: 10002 }
      : typeof options.ports === 'object'
        ? options.ports
        : { blob: await freePort(), queue: await freePort(), table: await freePort() };
  const bin =
    options.runtime?.main ??
    fileURLToPath(new URL('../node_modules/azurite/dist/src/azurite.js', import.meta.url));
  const child = spawn(
    options.runtime?.node ?? process.execPath,
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
  await waitUntilListening(ports, [child], 30_000);
  return {
    connectionString: connectionStringFor(ports),
    process: child,
    stop: () => stopProcess(child),
  };
}

/** Waits until all three ports answer; fails when one of `processes` exits first or `timeoutMs` passes. */
export async function waitUntilListening(
  ports: AzuritePorts,
  processes: readonly ChildProcess[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(
    (await isListening(ports.blob)) &&
    (await isListening(ports.queue)) &&
    (await isListening(ports.table))
  )) {
    const exited = processes.find((child) => child.exitCode !== null);
    if (exited) throw new Error(`Azurite exited with code ${exited.exitCode}`);
    if (Date.now() > deadline) throw new Error(`Azurite did not start within ${timeoutMs / 1000} s`);
    await delay(100);
  }
}

/** Stops an emulator process and waits for it to exit. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
