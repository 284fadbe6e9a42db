import { randomUUID } from 'node:crypto';
import { InvocationContext } from '../functions/sdk.js';
import type { TimerFunctionDefinition } from '../functions/definitions.js';

export interface RunningTimers {
  /** Stops scheduling and waits for a run in progress to end. */
  stop(): Promise<void>;
}

/**
 * Runs timer functions as the host would on their schedule, but as a fixed period from start-up (first run at
 * once, so a fresh worker reports its queues straight away). Runs of one timer never overlap; a failed run is
 * logged and the next one comes on time.
 */
export function startTimers(
  definitions: readonly TimerFunctionDefinition[],
  options: { log: (line: string) => void; periodMs?: number },
): RunningTimers {
  let stopped = false;
  const pending = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();

  const schedule = (definition: TimerFunctionDefinition, delayMs: number) => {
    if (stopped) return;
    const handle = setTimeout(() => {
      pending.delete(handle);
      const run = runOnce(definition).finally(() => {
        running.delete(run);
        schedule(definition, options.periodMs ?? definition.everyMinutes * 60_000);
      });
      running.add(run);
    }, delayMs);
    pending.add(handle);
  };

  const lastRun = new Map<string, string>();
  const runOnce = async (definition: TimerFunctionDefinition) => {
    const now = new Date();
    const periodMs = options.periodMs ?? definition.everyMinutes * 60_000;
    const timer = {
      isPastDue: false,
      schedule: { adjustForDST: false },
      scheduleStatus: {
        last: lastRun.get(definition.name) ?? now.toISOString(),
        next: new Date(now.getTime() + periodMs).toISOString(),
        lastUpdated: now.toISOString(),
      },
    };
    lastRun.set(definition.name, now.toISOString());
    const context = new InvocationContext({
      invocationId: randomUUID(),
      functionName: definition.name,
      logHandler: (level, ...args) => {
        if (level === 'error' || level === 'warning')
          options.log(`[${definition.name}] ${args.map(String).join(' ')}`);
      },
    });
    try {
      await definition.handler(timer, context);
    } catch (error) {
      options.log(`[${definition.name}] failed: ${String(error)}`);
    }
  };

  for (const definition of definitions) schedule(definition, 0);
  return {
    async stop() {
      stopped = true;
      for (const handle of pending) clearTimeout(handle);
      pending.clear();
      await Promise.all([...running]);
    },
  };
}
