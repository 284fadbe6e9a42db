import type { Services } from '../services.js';
import { recordRetriesExhausted } from '../worker/failPoisonedItem.js';
import { translateFile, type WorkerOutcome } from '../worker/translateFile.js';
import { failItemInputSchema, type ItemResult } from './contracts.js';

function itemResultOf(outcome: WorkerOutcome): ItemResult {
  if (outcome.kind !== 'recorded') return { status: 'skipped', characters: 0, duplicate: false };
  const duplicate = outcome.result === 'duplicate';
  return {
    status: outcome.status,
    ...(outcome.errorCode ? { error_code: outcome.errorCode } : {}),
    // A duplicate counted nothing: the first run's outcome stands.
    characters: duplicate ? 0 : outcome.charactersCharged,
    duplicate,
  };
}

/**
 * One (file, language) in durable mode: the queue worker's own function. Transient errors are thrown so the
 * orchestration's retry policy retries them. Durable does not tell an activity which attempt it is, so each
 * attempt records itself as attempt 1; `retries_exhausted` records the policy's number of attempts.
 */
export async function translateItemActivity(services: Services, message: unknown): Promise<ItemResult> {
  return itemResultOf(await translateFile(services, message, 1));
}

/** An item activity that failed after all its retries: recorded as the queue's poison handler would. */
export async function failItemActivity(services: Services, rawInput: unknown): Promise<ItemResult> {
  const input = failItemInputSchema.parse(rawInput);
  return itemResultOf(await recordRetriesExhausted(services, input.message, input.attempts));
}
