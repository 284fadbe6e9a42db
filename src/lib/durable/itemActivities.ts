import type { Logger } from '../logger.js';
import { recordRetriesExhausted, type GiveUpDeps } from '../worker/failPoisonedItem.js';
import { settleItem, type Settlement, type WorkerDeps } from '../worker/settleItem.js';
import { failItemInputSchema, type ItemActivityResult } from './contracts.js';

function activityResultOf(settlement: Settlement): ItemActivityResult {
  if (settlement.kind !== 'recorded') return { status: 'skipped', characters: 0, duplicate: false };
  const duplicate = settlement.result === 'duplicate';
  return {
    status: settlement.status,
    ...(settlement.errorCode ? { error_code: settlement.errorCode } : {}),
    // A duplicate counted nothing: the first run's outcome stands.
    characters: duplicate ? 0 : settlement.charactersCharged,
    duplicate,
  };
}

/**
 * One (file, language) in durable mode: the queue worker's own function, with the same fates, except that
 * an activity cannot re-enqueue itself: retry-later and transient failures are thrown for the orchestration's
 * retry policy. Durable does not tell an activity which attempt it is, so each attempt records itself as
 * attempt 1; `retries_exhausted` records the policy's number of attempts.
 */
export async function translateItemActivity(
  deps: WorkerDeps,
  message: unknown,
  logger?: Logger,
): Promise<ItemActivityResult> {
  const settlement = await settleItem(deps, message, { number: 1, ...(logger ? { logger } : {}) });
  if (settlement.kind === 'recorded' && settlement.internalError) {
    logger?.error('An internal error stopped an item; it was recorded failed', settlement.internalError);
  }
  return activityResultOf(settlement);
}

/** An item activity that failed after all its retries: recorded as the queue's poison handler would. */
export async function failItemActivity(deps: GiveUpDeps, rawInput: unknown): Promise<ItemActivityResult> {
  const input = failItemInputSchema.parse(rawInput);
  return activityResultOf(await recordRetriesExhausted(deps, input.message, input.attempts));
}
