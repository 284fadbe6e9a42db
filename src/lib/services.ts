import type { QueueClient } from '@azure/storage-queue';
import type { AppConfig } from './config.js';
import { countMissingOutputs } from './jobs/missingOutputs.js';
import { createStorageClients, type StorageClients } from './storage/clients.js';
import { createTracker, type Tracker } from './tracker/tracker.js';
import { createTranslator } from './translation/createTranslator.js';
import { meteredTranslator } from './telemetry/meteredTranslator.js';
import type { Translator } from './translation/translator.js';
import { webhookNotifier } from './webhooks/notifyClosed.js';
import { TranslationCache } from './cache/translationCache.js';
import type { ItemLimits } from './worker/itemLimits.js';
import { parsePoolFor, type ParsePool } from './worker/parsing/parsePool.js';

/**
 * What the app's functions draw on, built once per process from validated config. Each function declares
 * the few it uses (`Pick<Services, ...>`); tests build their own.
 */
export interface Services {
  config: AppConfig;
  storage: StorageClients;
  /** The jobs table's only way in: jobs, planning state, items and their outcomes. */
  tracker: Tracker;
  translationQueue: QueueClient;
  planQueue: QueueClient;
  webhookQueue: QueueClient;
  translator: Translator;
  /** Absent when TRANSLATION_CACHE=false. */
  cache?: TranslationCache;
  /** Absent: the defaults (ITEM_LIMITS); tests shrink them so "large file" stays small. */
  itemLimits?: ItemLimits;
  /** Parse threads for the text formats, shared by every Services of the process with the same settings. */
  parsing: ParsePool;
  now: () => Date;
}

export function createServices(
  config: AppConfig,
  overrides: Partial<Pick<Services, 'translator' | 'now' | 'itemLimits' | 'storage' | 'parsing'>> = {},
): Services {
  const storage = overrides.storage ?? createStorageClients(config.storage);
  const now = overrides.now ?? (() => new Date());
  const webhookQueue = storage.queue(config.webhooks.queue);
  const tracker: Tracker = createTracker(
    storage.table(config.jobsTable),
    now,
    webhookNotifier(webhookQueue, (jobId, state) => tracker.recordWebhookState(jobId, state), now),
    (job) => countMissingOutputs({ blobs: storage.blobs, tracker }, job),
  );
  return {
    config,
    storage,
    tracker,
    translationQueue: storage.queue(config.translationQueue),
    planQueue: storage.queue(config.planQueue),
    webhookQueue,
    translator: overrides.translator ?? meteredTranslator(createTranslator(config.translator)),
    ...(config.cache.enabled
      ? { cache: new TranslationCache(storage.table(config.cache.table), storage.blobs) }
      : {}),
    ...(overrides.itemLimits ? { itemLimits: overrides.itemLimits } : {}),
    parsing: overrides.parsing ?? parsePoolFor(config.parsing),
    now,
  };
}
