import { budgetedTranslator } from '../budget/budgetedTranslator.js';
import { estimateItem } from '../estimate/estimateItem.js';
import type { TermRules } from '../glossary/applyTerms.js';
import type { TranslateItemMessage } from '../messages.js';
import type { TmxTranslator } from '../tmx/tmxTranslator.js';
import { withTranslationMemory } from '../tmx/withTranslationMemory.js';
import type { Job } from '../tracker/jobRecord.js';
import type { Tracker } from '../tracker/tracker.js';
import type { ItemResult } from './itemResult.js';
import { translateItem, type ItemDeps } from './translateItem.js';

export type RunItemDeps = ItemDeps & { tracker: Pick<Tracker, 'reserveCharacters' | 'settleCharacters'> };

type RunnableJob = Pick<
  Job,
  | 'partitionKey'
  | 'dry_run'
  | 'max_characters'
  | 'mark_as_draft'
  | 'overwrite_edits'
  | 'translation_memory_index'
>;

/** The result, with the segments the job's translation memory answered. */
const counted = async (result: Promise<ItemResult>, memory: TmxTranslator | undefined) => {
  const done = await result;
  return memory ? { ...done, segmentsReused: (done.segmentsReused ?? 0) + memory.answered } : done;
};

/**
 * What the job asks of an item: a dry run measures it, a job with max_characters translates it within its
 * budget, any other job translates it. A job's translation memory answers what it can before any of them
 * reaches the provider (or the budget, or the dry run's meter).
 */
export async function runItem(
  deps: RunItemDeps,
  job: RunnableJob,
  message: TranslateItemMessage,
  terms: TermRules,
): Promise<ItemResult> {
  const output = {
    ...(job.mark_as_draft ? { markAsDraft: true } : {}),
    ...(job.overwrite_edits ? { overwriteEdits: true } : {}),
  };
  if (job.dry_run) {
    const memory = await withTranslationMemory(deps, job, deps.translator);
    return counted(
      estimateItem({ ...deps, translator: memory ?? deps.translator }, message, terms, output),
      memory,
    );
  }
  const maxCharacters = job.max_characters;
  const jobId = job.partitionKey;
  const provider =
    maxCharacters === undefined
      ? deps.translator
      : budgetedTranslator(deps.translator, {
          maxCharacters,
          reserve: (characters) => deps.tracker.reserveCharacters(jobId, characters),
          settle: (reserved, charged) => deps.tracker.settleCharacters(jobId, reserved, charged),
        });
  const memory = await withTranslationMemory(deps, job, provider);
  return counted(translateItem({ ...deps, translator: memory ?? provider }, message, terms, output), memory);
}
