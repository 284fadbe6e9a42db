import type { TableClient } from '@azure/data-tables';
import { closeJobIfDone, type JobClosedHook, type OutputsCheck } from './closeJobIfDone.js';

/**
 * Coalesces completion checks per job: at most one runs at a time, and every caller waits for a check that
 * started after it asked. So the worker that recorded the last item is always followed by a check that sees
 * it, yet a busy job costs one check per group of items rather than one per item.
 */
export class CompletionChecker {
  private readonly running = new Map<string, Promise<void>>();
  private readonly queued = new Map<string, Promise<void>>();

  constructor(
    private readonly table: TableClient,
    private readonly now: () => Date = () => new Date(),
    private readonly onClosed?: JobClosedHook,
    private readonly checkOutputs?: OutputsCheck,
  ) {}

  check(jobId: string): Promise<void> {
    const running = this.running.get(jobId);
    if (!running) return this.start(jobId);
    let queued = this.queued.get(jobId);
    if (!queued) {
      queued = running
        .catch(() => undefined)
        .then(() => {
          this.queued.delete(jobId);
          return this.check(jobId);
        });
      this.queued.set(jobId, queued);
    }
    return queued;
  }

  private start(jobId: string): Promise<void> {
    const run = closeJobIfDone(this.table, jobId, this.now, this.onClosed, this.checkOutputs)
      .then(() => undefined)
      .finally(() => this.running.delete(jobId));
    this.running.set(jobId, run);
    return run;
  }
}
