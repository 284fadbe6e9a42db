import type { TableClient } from '@azure/data-tables';
import type { QueueClient } from '@azure/storage-queue';
import type { AppConfig } from './config.js';
import { createStorageClients, type StorageClients } from './storage/clients.js';
import { OutcomeRecorder } from './tracker/outcomeRecorder.js';
import { JobCache } from './tracker/jobCache.js';
import { CompletionChecker } from './tracker/completionChecker.js';
import { createTranslator } from './translation/createTranslator.js';
import type { Translator } from './translation/translator.js';
import { closeJobIfDone, type JobClosedHook } from './tracker/closeJobIfDone.js';
import type { JobSnapshot } from './tracker/readJobSnapshot.js';
import { webhookNotifier } from './webhooks/notifyClosed.js';
import { TranslationCache } from './cache/translationCache.js';

/** Everything a handler needs, built once per process from validated config. Tests build their own. */
export interface Services {
  config: AppConfig;
  storage: StorageClients;
  jobs: TableClient;
  translationQueue: QueueClient;
  planQueue: QueueClient;
  webhookQueue: QueueClient;
  translator: Translator;
  /** Absent when TRANSLATION_CACHE=false. */
  cache?: TranslationCache;
  recorder: OutcomeRecorder;
  jobCache: JobCache;
  completion: CompletionChecker;
  /** Pass to closeJobIfDone: queues the job's completion webhook when it has a callback_url. */
  onJobClosed: JobClosedHook;
  /** closeJobIfDone with this process's table, clock and close hook: what every caller wants. */
  closeJob: (jobId: string) => Promise<JobSnapshot | undefined>;
  now: () => Date;
}

export function createServices(
  config: AppConfig,
  overrides: Partial<Pick<Services, 'translator' | 'now'>> = {},
): Services {
  const storage = createStorageClients(config.storage);
  const jobs = storage.table(config.jobsTable);
  const now = overrides.now ?? (() => new Date());
  const webhookQueue = storage.queue(config.webhooks.queue);
  const onJobClosed = webhookNotifier(webhookQueue, jobs, now);
  return {
    config,
    storage,
    jobs,
    translationQueue: storage.queue(config.translationQueue),
    planQueue: storage.queue(config.planQueue),
    webhookQueue,
    translator: overrides.translator ?? createTranslator(config.translator),
    ...(config.cache.enabled
      ? { cache: new TranslationCache(storage.table(config.cache.table), storage.blobs) }
      : {}),
    recorder: new OutcomeRecorder(jobs, now),
    jobCache: new JobCache(jobs),
    completion: new CompletionChecker(jobs, now, onJobClosed),
    onJobClosed,
    closeJob: (jobId) => closeJobIfDone(jobs, jobId, now, onJobClosed),
    now,
  };
}
