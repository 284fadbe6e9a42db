/**
 * Starts Apertium's HTTP server (APy, Debian's `apertium-apy`) with the installed language pairs and
 * returns its URL, for the apertium provider's tests and local runs, like scripts/azurite.ts does for
 * storage. APy 0.11 has no option to choose the listening address: it binds the port on every interface,
 * and we only ever talk to it over loopback.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { freePort } from './azurite.js';

const APY_BIN = 'apertium-apy';
/** Where Debian's pair packages (apertium-eng-spa, ...) install their `.mode` files. */
export const APERTIUM_MODES_DIR = '/usr/share/apertium/modes';
const INSTALL_HINT = 'install it with `sudo apt-get install -y apertium-apy apertium-eng-spa`';
const START_DEADLINE_MS = 30_000;

export interface ApertiumHandle {
  url: string;
  stop(): Promise<void>;
}

async function answersListPairs(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/listPairs`, { signal: AbortSignal.timeout(2_000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

export async function startApertium(options: { modesDir?: string } = {}): Promise<ApertiumHandle> {
  const modesDir = options.modesDir ?? APERTIUM_MODES_DIR;
  if (!existsSync(modesDir)) {
    throw new Error(`No Apertium language pairs in ${modesDir}: ${INSTALL_HINT}.`);
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(APY_BIN, ['--port', String(port), modesDir], { stdio: ['ignore', 'ignore', 'pipe'] });
  // APy logs every request to stderr: keep only the tail, to explain a failed start.
  let logTail = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    logTail = (logTail + chunk).slice(-2_000);
  });
  let spawnError: NodeJS.ErrnoException | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });
  const deadline = Date.now() + START_DEADLINE_MS;
  while (!(await answersListPairs(url))) {
    if (spawnError) {
      throw spawnError.code === 'ENOENT'
        ? new Error(`${APY_BIN} is not installed: ${INSTALL_HINT}.`)
        : spawnError;
    }
    if (child.exitCode !== null) {
      throw new Error(`${APY_BIN} exited with code ${child.exitCode}:\n${logTail}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(
        `${APY_BIN} did not answer ${url}/listPairs within ${START_DEADLINE_MS / 1000} s:\n${logTail}`,
      );
    }
    await delay(100);
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
