import { budgetedTranslator } from '../budget/budgetedTranslator.js';
import { estimateItem } from '../estimate/estimateItem.js';
import type { TermRules } from '../glossary/applyTerms.js';
import type { TranslateItemMessage } from '../messages.js';
import type { Job } from '../tracker/jobRecord.js';
import type { Tracker } from '../tracker/tracker.js';
import type { ItemResult } from './itemResult.js';
import { translateItem, type ItemDeps } from './translateItem.js';

export type RunItemDeps = ItemDeps & { tracker: Pick<Tracker, 'reserveCharacters' | 'settleCharacters'> };

/**
 * What the job asks of an item: a dry run measures it, a job with max_characters translates it within its
 * budget, any other job translates it.
 */
export function runItem(
  deps: RunItemDeps,
  job: Pick<Job, 'partitionKey' | 'dry_run' | 'max_characters' | 'mark_as_draft' | 'overwrite_edits'>,
  message: TranslateItemMessage,
  terms: TermRules,
): Promise<ItemResult> {
  const output = {
    ...(job.mark_as_draft ? { markAsDraft: true } : {}),
    ...(job.overwrite_edits ? { overwriteEdits: true } : {}),
  };
  if (job.dry_run) return estimateItem(deps, message, terms, output);
  const maxCharacters = job.max_characters;
  if (maxCharacters === undefined) return translateItem(deps, message, terms, output);
  const jobId = job.partitionKey;
  const translator = budgetedTranslator(deps.translator, {
    maxCharacters,
    reserve: (characters) => deps.tracker.reserveCharacters(jobId, characters),
    settle: (reserved, charged) => deps.tracker.settleCharacters(jobId, reserved, charged),
  });
  return translateItem({ ...deps, translator }, message, terms, output);
}
