import { createHash } from 'node:crypto';
import { encodingCacheRules } from '../encoding/cacheRules.js';
import type { TextFormat } from '../formats/format.js';
import type { TermRules } from '../glossary/applyTerms.js';
import { itemFingerprint } from '../memory/fingerprint.js';
import { openItemMemory, type LastOutput } from '../memory/itemMemory.js';
import type { TranslateItemMessage } from '../messages.js';
import { outputCacheKey, reuseOutput } from '../worker/cachedOutput.js';
import type { ItemResult } from '../worker/itemResult.js';
import { ITEM_LIMITS } from '../worker/itemLimits.js';
import { openSourceBlob, readAll } from '../worker/sourceBlob.js';
import { readTextSource } from '../worker/readTextSource.js';
import { translateTextParts } from '../worker/textPipeline.js';
import { itemRoute, type ItemDeps, type SizeLimit } from '../worker/translateItem.js';
import { MeteringTranslator } from './meteringTranslator.js';

const NOTHING_SENT = { charactersCharged: 0, requests: 0, charactersSent: 0 } as const;

/** An output the cache already holds costs nothing: the real run would keep or copy it. */
async function cachedReuse(
  deps: ItemDeps,
  message: TranslateItemMessage,
  key: string,
  lastOutput?: LastOutput,
) {
  const { cache } = deps;
  if (!cache) return undefined;
  const target = { container: message.target_container, path: message.target_path };
  const client = deps.storage.blobs.getContainerClient(target.container).getBlockBlobClient(target.path);
  return reuseOutput(lastOutput, key, { client }, () => cache.peek(key, target));
}

async function estimateText(
  deps: ItemDeps,
  message: TranslateItemMessage,
  file: { format: TextFormat; terms: TermRules; limit: SizeLimit; markAsDraft?: boolean },
): Promise<ItemResult> {
  const { format, terms, limit, markAsDraft } = file;
  const limits = deps.itemLimits ?? ITEM_LIMITS;
  const { source, body, scanned } = await readTextSource(deps, message, format, limit);
  const rules = `${format.id}@${format.version}${encodingCacheRules(scanned.encoding)}`;
  const key = outputCacheKey(deps, message, {
    contentSha256: scanned.sha256,
    rules,
    terms,
    ...(markAsDraft ? { markAsDraft } : {}),
  });
  // As translating does: the map first, which tells whether the cache is worth asking.
  const remembered = await openItemMemory(deps, message, {
    format,
    fingerprint: itemFingerprint(deps.translator, message, file),
    cacheKey: key,
    readTarget: false,
  });
  const reused = await cachedReuse(deps, message, key, remembered?.lastOutput);
  if (reused) {
    source.cancel();
    return { ...NOTHING_SENT, cache: reused, estimate: { segments: 0, characters: 0 } };
  }
  const meter = new MeteringTranslator(deps.translator);
  // The real run would answer remembered segments itself: only the rest are metered. Nothing is written.
  const memory = await remembered?.open();
  await translateTextParts(body, scanned, {
    format,
    terms,
    translator: meter,
    targetLanguage: message.target_language,
    ...(message.source_language ? { sourceLanguage: message.source_language } : {}),
    limits,
    parsing: deps.parsing,
    ...(markAsDraft ? { markAsDraft } : {}),
    now: deps.now,
    ...(memory ? { memory } : {}),
  });
  return { ...NOTHING_SENT, estimate: { segments: meter.segments, characters: meter.characters } };
}

/**
 * A dry run's item: the same route, size rule, read, parse and cache check as translating it, but the
 * provider is replaced by a meter and nothing is written. Whole documents are metered by the provider
 * itself, so their characters are unknown until sent: they count as files, `unmeasured`.
 */
export async function estimateItem(
  deps: ItemDeps,
  message: TranslateItemMessage,
  terms: TermRules,
  /** A draft job's outputs are cached apart from others (see CacheInput.markAsDraft). */
  output: { markAsDraft?: boolean } = {},
): Promise<ItemResult> {
  const { route, limit } = itemRoute(deps, message);
  if (route.kind === 'text')
    return estimateText(deps, message, { format: route.format, terms, limit, ...output });
  const source = await openSourceBlob(deps.storage.blobs, {
    container: message.source_container,
    path: message.source_path,
    limit,
  });
  const content = await readAll(source.body);
  const contentSha256 = createHash('sha256').update(content).digest('hex');
  const key = outputCacheKey(deps, message, { contentSha256, rules: 'document', terms });
  const reused = await cachedReuse(deps, message, key);
  return {
    ...NOTHING_SENT,
    ...(reused ? { cache: reused } : {}),
    estimate: { segments: 0, characters: 0, ...(reused ? {} : { unmeasured: true }) },
  };
}
