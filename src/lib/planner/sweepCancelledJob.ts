import { isTerminal } from '../tracker/entities.js';
import type { Tracker } from '../tracker/tracker.js';
import { cancelUnsentItems, type CancelUnsentDeps } from './cancelUnsentItems.js';

export type SweepDeps = {
  tracker: Pick<Tracker, 'readJob' | 'stopPlanning' | 'closeJob'>;
} & CancelUnsentDeps;

/**
 * The cancel's last word, run CANCEL_GRACE_SECONDS after it (by then every message that was going to arrive
 * has settled its item): planning stops if it has not, every counted item still without an outcome is
 * counted cancelled, and the job closes. Returns how many items it counted.
 */
export async function sweepCancelledJob(deps: SweepDeps, jobId: string): Promise<number> {
  const before = await deps.tracker.readJob(jobId);
  if (!before?.cancel_requested || isTerminal(before.status)) return 0;
  await deps.tracker.stopPlanning(jobId);
  // Re-read after stopping: a page counted in between is now final and included.
  const stopped = await deps.tracker.readJob(jobId);
  if (!stopped) return 0;
  const counted = await cancelUnsentItems(deps, stopped);
  await deps.tracker.closeJob(jobId);
  return counted;
}
