import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../../scripts/azurite.js';
import type { AppConfig } from '../../src/lib/config.js';
import { waitUntil } from './testServices.js';

export interface ServeProcess {
  child: ChildProcess;
  /** `http://127.0.0.1:<port>/api` */
  api: string;
  output: string[];
  /** Signals the whole process group and waits until the runtime has exited. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/**
 * Runs the local runtime (`src/runtime/serve.ts`) as its own process in its own process group, with this
 * test's queues and table, so a test can SIGKILL it as a crash or an OOM kill would.
 */
export async function spawnServe(
  config: AppConfig,
  settings: Record<string, string> = {},
  port?: number,
): Promise<ServeProcess> {
  const chosenPort = port ?? (await freePort());
  const output: string[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/runtime/serve.ts'], {
    env: {
      ...process.env,
      TRANSLATION_QUEUE: config.translationQueue,
      PLAN_QUEUE: config.planQueue,
      JOBS_TABLE: config.jobsTable,
      PORT: String(chosenPort),
      ...settings,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  await waitUntil(
    async () => {
      if (child.exitCode !== null) throw new Error(`serve exited early:\n${output.join('')}`);
      return output.join('').includes('listening on') ? true : undefined;
    },
    { what: 'serve to listen', timeoutMs: 60_000 },
  );
  return {
    child,
    api: `http://127.0.0.1:${chosenPort}/api`,
    output,
    async kill(signal) {
      try {
        process.kill(-(child.pid ?? 0), signal);
      } catch {
        // Already gone.
      }
      await exited;
    },
  };
}
