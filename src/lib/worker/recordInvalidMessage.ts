import { z } from 'zod';
import { isTerminal } from '../tracker/entities.js';
import { ITEM_KEY_PATTERN } from '../tracker/keys.js';
import type { Tracker } from '../tracker/tracker.js';
import type { Settlement } from './settleItem.js';

/** Just enough of an item message to know whose item it is. */
const itemReferenceSchema = z.object({
  job_id: z.uuid(),
  item_key: z.string().regex(ITEM_KEY_PATTERN),
});

export type InvalidMessageDeps = {
  tracker: Pick<Tracker, 'cachedJob' | 'readItem' | 'record' | 'checkCompletion'>;
};

/** What became of a message that failed its schema. */
export type InvalidMessageOutcome =
  | { kind: 'unattributable' }
  | { kind: 'recorded'; jobId: string; result: 'recorded' | 'duplicate'; attempts: number };

/**
 * An item message that fails its schema can never run, but dropping it would leave its item `queued` and the
 * job open forever. When it still names a real job and one of that job's planned items, the item is recorded
 * failed `invalid_message` (once, through the recorder); anything less is not attributable to an item and is
 * only logged by the caller.
 */
export async function recordInvalidMessage(
  deps: InvalidMessageDeps,
  body: unknown,
  reason: string,
  attempts: number,
): Promise<InvalidMessageOutcome> {
  const reference = itemReferenceSchema.safeParse(body);
  if (!reference.success) return { kind: 'unattributable' };
  const { job_id: jobId, item_key: itemKey } = reference.data;
  const job = await deps.tracker.cachedJob(jobId);
  if (!job || isTerminal(job.status)) return { kind: 'unattributable' };
  // A forged or stale key must not add an outcome the job never planned: only a planned item is counted.
  const item = await deps.tracker.readItem(jobId, itemKey);
  if (!item) return { kind: 'unattributable' };
  const result = await deps.tracker.record({
    jobId,
    shards: job.shards,
    itemKey,
    status: 'failed',
    error: { code: 'invalid_message', message: `The item's queue message was not valid: ${reason}` },
    charactersCharged: 0,
    attempts,
  });
  await deps.tracker.checkCompletion(jobId);
  return { kind: 'recorded', jobId, result, attempts };
}

/** The settlement of a message that failed its schema, for the worker and the poison handler alike. */
export async function settleInvalidMessage(
  deps: InvalidMessageDeps,
  body: unknown,
  reason: string,
  attempts: number,
): Promise<Settlement> {
  const invalid = await recordInvalidMessage(deps, body, reason, attempts);
  if (invalid.kind === 'unattributable') return { kind: 'invalid_message', reason };
  return {
    kind: 'recorded',
    jobId: invalid.jobId,
    status: 'failed',
    result: invalid.result,
    errorCode: 'invalid_message',
    charactersCharged: 0,
  };
}
