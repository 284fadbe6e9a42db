import { encodingCacheRules } from '../encoding/cacheRules.js';
import type { TextFormat } from '../formats/format.js';
import type { TermRules } from '../glossary/applyTerms.js';
import { itemFingerprint } from '../memory/fingerprint.js';
import { openItemMemory } from '../memory/itemMemory.js';
import type { TranslateItemMessage } from '../messages.js';
import type { ItemResult } from './itemResult.js';
import { cachedOutput, outputCacheKey } from './cachedOutput.js';
import { ITEM_LIMITS } from './itemLimits.js';
import { readTextSource } from './readTextSource.js';
import { translateTextParts } from './textPipeline.js';
import type { ItemDeps, SizeLimit } from './translateItem.js';
import { targetBlobFor } from './writeTarget.js';

/**
 * A text file: read (streamed when large) → parse part by part → translate the human text → write blocks.
 * Memory is bounded by one part, not by the file. An output identical to an earlier one (same content,
 * language, provider, glossary and rules) is reused instead of translated.
 */
export async function translateTextItem(
  deps: ItemDeps,
  message: TranslateItemMessage,
  file: {
    format: TextFormat;
    terms: TermRules;
    limit: SizeLimit;
    markAsDraft?: boolean;
    /** Re-translate units a person edited in the existing target (see src/lib/memory). */
    overwriteEdits?: boolean;
  },
): Promise<ItemResult> {
  const { format, terms, limit, markAsDraft, overwriteEdits } = file;
  const limits = deps.itemLimits ?? ITEM_LIMITS;
  const { source, body, scanned } = await readTextSource(deps, message, format, limit);
  const { translator } = deps;
  // One retry budget for the whole item, shared by the calls for its parts.
  const budget = deps.config.translator;
  const target = targetBlobFor(deps, message, source.etag);
  const cacheInput = {
    contentSha256: scanned.sha256,
    rules: `${format.id}@${format.version}${encodingCacheRules(scanned.encoding)}`,
    terms,
    ...(markAsDraft ? { markAsDraft } : {}),
  };
  // The map is read before the file cache is asked: it tells whether asking is worth a storage call.
  const memory = await openItemMemory(deps, message, {
    format,
    fingerprint: itemFingerprint(translator, message, file),
    cacheKey: outputCacheKey(deps, message, cacheInput),
    ...(overwriteEdits ? { overwriteEdits } : {}),
    readTarget: true,
    definitions: scanned.definitions,
  });
  const result = await cachedOutput(
    deps,
    message,
    target,
    cacheInput,
    async (output) => {
      const segmentMemory = await memory?.open();
      return translateTextParts(
        body,
        scanned,
        {
          format,
          parsing: deps.parsing,
          terms,
          translator,
          targetLanguage: message.target_language,
          ...(message.source_language ? { sourceLanguage: message.source_language } : {}),
          limits,
          ...(markAsDraft ? { markAsDraft } : {}),
          ...('retryBudgetMs' in budget ? { retryBudgetMs: budget.retryBudgetMs } : {}),
          now: deps.now,
          ...(segmentMemory ? { memory: segmentMemory } : {}),
        },
        (text) => output.write(text),
      );
    },
    memory?.lastOutput,
    // After the target is committed: a map never describes an output that was not written.
    memory ? () => memory.save() : undefined,
  );
  if (result.cache) source.cancel();
  return result;
}
