import type { TableClient } from '@azure/data-tables';
import { closeJobIfDone, type JobClosedHook, type OutputsCheck } from './closeJobIfDone.js';

/** One item of a job being worked on in this process, from before its outcome is recorded until it is. */
export interface ItemInFlight {
  /**
   * After the item's outcome is recorded (or found recorded): closes the job if it is done, unless another
   * item of the job is still in flight in this process, whose own check comes later and sees this outcome.
   */
  checkCompletion(): Promise<void>;
  /** The item ends without a check (its message will come back): it no longer vouches for a later check. */
  abandon(): void;
}

/**
 * Coalesces completion checks per job: at most one runs at a time, and every caller waits for a check that
 * started after it asked. So the worker that recorded the last item is always followed by a check that sees
 * it, yet a busy job costs one check per group of items rather than one per item.
 *
 * Items in flight make most checks unnecessary: while another item of the job is being worked on here, the
 * job cannot be done (that item's outcome is missing), or, if that item turns out to be a duplicate of one
 * already recorded, its own check follows its record. Either way a check after this item's record would find
 * nothing to close, so it is skipped. An item that ends without checking (a transient failure) leaves its
 * message to be delivered again, and that delivery checks.
 */
export class CompletionChecker {
  private readonly running = new Map<string, Promise<void>>();
  private readonly queued = new Map<string, Promise<void>>();
  private readonly inFlight = new Map<string, number>();

  constructor(
    private readonly table: TableClient,
    private readonly now: () => Date = () => new Date(),
    private readonly onClosed?: JobClosedHook,
    private readonly checkOutputs?: OutputsCheck,
  ) {}

  startItem(jobId: string): ItemInFlight {
    this.inFlight.set(jobId, (this.inFlight.get(jobId) ?? 0) + 1);
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      const left = (this.inFlight.get(jobId) ?? 1) - 1;
      if (left > 0) this.inFlight.set(jobId, left);
      else this.inFlight.delete(jobId);
    };
    return {
      checkCompletion: () => {
        end();
        return this.inFlight.has(jobId) ? Promise.resolve() : this.check(jobId);
      },
      abandon: end,
    };
  }

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
