import { cacheKeyOf } from '../cache/cacheKey.js';
import { CACHE_KEY_METADATA, outputIn, type Reuse } from '../cache/translationCache.js';
import type { TermRules } from '../glossary/applyTerms.js';
import type { LastOutput } from '../memory/itemMemory.js';
import type { TranslateItemMessage } from '../messages.js';
import type { ItemDeps } from './translateItem.js';
import type { ItemResult } from './itemResult.js';
import { OutputBlob } from './outputBlob.js';
import { ITEM_LIMITS } from './itemLimits.js';
import type { TargetBlob } from './writeTarget.js';

/** What identifies an item's output in the translation cache: content, languages, provider, rules, terms. */
export function outputCacheKey(
  deps: Pick<ItemDeps, 'translator'>,
  message: Pick<TranslateItemMessage, 'target_language' | 'source_language'>,
  input: CacheInput,
): string {
  return cacheKeyOf({
    contentSha256: input.contentSha256,
    targetLanguage: message.target_language,
    ...(message.source_language ? { sourceLanguage: message.source_language } : {}),
    provider: deps.translator.name,
    format: input.rules,
    terms: input.terms,
    ...(input.markAsDraft ? { markAsDraft: true } : {}),
  });
}

export interface CacheInput {
  contentSha256: string;
  rules: string;
  terms: TermRules;
  /** Draft outputs carry review marks: never reused for a job that wants none, nor the reverse. */
  markAsDraft?: boolean;
}

/**
 * Writes an item's output through the translation cache: when an identical earlier output exists (same
 * content, languages, provider, glossary and `rules`), it is kept or copied and `translate` never runs;
 * otherwise `translate` writes the output, which is labelled with its cache key and remembered.
 */
export async function cachedOutput(
  deps: Pick<ItemDeps, 'cache' | 'translator' | 'itemLimits'>,
  message: TranslateItemMessage,
  target: TargetBlob,
  input: CacheInput,
  translate: (output: OutputBlob) => Promise<ItemResult>,
  /** What the item's segment map knew of the target (see LastOutput); undefined: ask the cache. */
  lastOutput?: LastOutput,
  /** Runs once a translated output is committed (not when one is reused), beside the cache's pointer. */
  afterWrite?: () => Promise<void>,
): Promise<ItemResult> {
  const { cache } = deps;
  const key = outputCacheKey(deps, message, input);
  const { blockBytes } = deps.itemLimits ?? ITEM_LIMITS;
  const reused = cache
    ? await reuseOutput(lastOutput, key, target, () => cache.reuse(key, target, target.options(), blockBytes))
    : undefined;
  if (reused) return { charactersCharged: 0, cache: reused, requests: 0, charactersSent: 0 };
  const output = new OutputBlob(target, target.options({ [CACHE_KEY_METADATA]: key }), blockBytes);
  const result = await translate(output);
  await output.finish();
  // Both need the committed output and neither needs the other: one round trip instead of two.
  await Promise.all([cache?.remember(key, target.container, target.path), afterWrite?.()]);
  return result;
}

/**
 * The cache's answer, asked only where it can help. `changed`: this path's content changed since its last
 * run, so its output under the new key could only exist for a copy of the same file elsewhere or a revert:
 * rare, and the segment memory answers every unchanged segment anyway, so the lookup is not worth its call.
 * `same`: the last output under this key is this target, so its own metadata answers; if it now holds
 * something else (a person's edit), the cache would point here too and answer the same.
 */
export async function reuseOutput(
  lastOutput: LastOutput | undefined,
  key: string,
  target: Pick<TargetBlob, 'client'>,
  askCache: () => Promise<Reuse | undefined>,
): Promise<Reuse | undefined> {
  if (lastOutput === 'changed') return undefined;
  if (lastOutput === 'same') {
    const held = await outputIn(target.client, key);
    if (held !== 'missing') return held === 'held' ? 'kept' : undefined;
  }
  return askCache();
}
