import type { ItemRow } from './entities.js';
import { itemRow } from './keys.js';
import type { ItemOutcome } from './outcomeRecorder.js';

/** What an outcome writes on its item row: the recorder merges it, a dry run's planner writes it with the row. */
export function outcomeColumns(
  outcome: Omit<ItemOutcome, 'jobId' | 'shards'>,
  at: string,
): Required<Pick<ItemRow, 'rowKey' | 'status'>> & Partial<ItemRow> {
  return {
    rowKey: itemRow(outcome.itemKey),
    status: outcome.status,
    error_code: outcome.error?.code ?? '',
    error_message: outcome.error?.message ?? '',
    characters_charged: outcome.charactersCharged,
    cache: outcome.cache ?? '',
    detected_language: outcome.detectedLanguage ?? '',
    glossary_terms_found: outcome.glossary ? JSON.stringify(outcome.glossary.found) : '',
    glossary_misses: outcome.glossary ? JSON.stringify(outcome.glossary.missed) : '',
    attempts: outcome.attempts,
    updated_at: at,
    ...(outcome.memory
      ? {
          segments: outcome.memory.segments,
          segments_reused: outcome.memory.reused,
          edits_kept: outcome.memory.editsKept,
        }
      : outcome.segmentsReused
        ? { segments_reused: outcome.segmentsReused }
        : {}),
    ...(outcome.estimate
      ? {
          estimated_segments: outcome.estimate.segments,
          estimated_characters: outcome.estimate.characters,
          estimate_unmeasured: outcome.estimate.unmeasured ?? false,
        }
      : {}),
  };
}
