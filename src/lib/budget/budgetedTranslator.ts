import { PermanentItemError } from '../errors.js';
import { chargeOf } from '../translation/chargeOf.js';
import { partialChargeOf } from '../translation/partialCharge.js';
import type { DocumentTranslator, Translator } from '../translation/translator.js';

/** A job's character budget as one item draws on it. */
export interface CharacterBudget {
  maxCharacters: number;
  reserve(characters: number): Promise<boolean>;
  settle(reserved: number, charged: number): Promise<void>;
}

/**
 * Whole documents are metered by the provider only as it translates them: nothing can be reserved for them
 * beforehand, so under a budget they are refused rather than risk charging past it.
 */
function refusingDocuments(documents: DocumentTranslator, budget: CharacterBudget): DocumentTranslator {
  return {
    extensions: documents.extensions,
    maxBytes: documents.maxBytes,
    translateDocument: () =>
      Promise.reject(
        new PermanentItemError(
          'budget_exceeded',
          `Whole documents are billed by what the provider counts while translating them, so they cannot be held to max_characters (${budget.maxCharacters}); submit them in a job without max_characters.`,
        ),
      ),
  };
}

/**
 * The provider, held to a job's max_characters: each call reserves what it will be billed (`chargeOf`)
 * before sending and settles what it was billed after. A call the budget cannot cover is not sent and fails
 * the item `budget_exceeded`. A call that fails is settled at what the provider says it billed before failing
 * (`partialChargeOf`), or else keeps its whole reservation, since part of it may have been billed.
 */
export function budgetedTranslator(provider: Translator, budget: CharacterBudget): Translator {
  return {
    name: provider.name,
    maxSegmentChars: provider.maxSegmentChars,
    chargeOf: (request) => chargeOf(provider, request),
    ...(provider.documents ? { documents: refusingDocuments(provider.documents, budget) } : {}),
    async translate(request) {
      const needed = chargeOf(provider, request);
      if (needed === 0) return provider.translate(request);
      if (!(await budget.reserve(needed))) {
        throw new PermanentItemError(
          'budget_exceeded',
          `This file's next provider call needs ${needed} characters; fewer are left of the job's max_characters (${budget.maxCharacters}).`,
        );
      }
      let result;
      try {
        result = await provider.translate(request);
      } catch (error) {
        await budget.settle(needed, partialChargeOf(error) ?? needed);
        throw error;
      }
      await budget.settle(needed, result.charactersCharged);
      return result;
    },
  };
}
