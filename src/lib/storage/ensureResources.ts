import type { AppConfig } from '../config.js';
import type { StorageClients } from './clients.js';
import { isConflict } from '../errors.js';

/** Every queue the app produces to or consumes from, poison queues included. */
export function appQueueNames(config: AppConfig): string[] {
  return [
    config.translationQueue,
    config.translationPoisonQueue,
    config.planQueue,
    config.planPoisonQueue,
    config.webhooks.queue,
    config.webhooks.poisonQueue,
  ];
}

/** Every table the app uses. */
export const appTableNames = (config: AppConfig): string[] => [config.jobsTable, config.cache.table];

/** Every blob container the app itself keeps (the segment memory's). */
export const appContainerNames = (config: AppConfig): string[] =>
  config.memory.enabled ? [config.memory.container] : [];

/**
 * Creates the queues, tables and containers the app uses (idempotent). In Azure the Bicep templates create
 * them too.
 */
export async function ensureResources(config: AppConfig, storage: StorageClients): Promise<void> {
  await Promise.all([
    ...appQueueNames(config).map((name) => storage.queue(name).createIfNotExists()),
    ...appContainerNames(config).map((name) => storage.blobs.getContainerClient(name).createIfNotExists()),
    ...appTableNames(config).map((name) =>
      storage
        .table(name)
        .createTable()
        .catch((error: unknown) => {
          if (!isConflict(error)) throw error;
        }),
    ),
  ]);
}
