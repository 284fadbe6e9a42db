import type { TableClient } from '@azure/data-tables';
import type { AppConfig } from '../../src/lib/config.js';
import { createStorageClients, type StorageClients } from '../../src/lib/storage/clients.js';

export interface RequestCount {
  readonly count: number;
  reset(): void;
}

/** Counts the HTTP requests a table client sends, at its pipeline: what a storage operation really costs. */
export function countTableRequests(table: TableClient): RequestCount {
  let count = 0;
  table.pipeline.addPolicy({
    name: 'countTableRequests',
    sendRequest: (request, next) => {
      count++;
      return next(request);
    },
  });
  return {
    get count() {
      return count;
    },
    reset() {
      count = 0;
    },
  };
}

/**
 * Storage clients whose table clients all count their requests into one counter: pass them to
 * createServices, and the tracker's own table client is counted.
 */
export function countingStorage(config: AppConfig): { storage: StorageClients; tableRequests: RequestCount } {
  const base = createStorageClients(config.storage);
  let count = 0;
  const tableRequests: RequestCount = {
    get count() {
      return count;
    },
    reset() {
      count = 0;
    },
  };
  return {
    storage: {
      ...base,
      table(name) {
        const client = base.table(name);
        client.pipeline.addPolicy({
          name: 'countTableRequests',
          sendRequest: (request, next) => {
            count++;
            return next(request);
          },
        });
        return client;
      },
    },
    tableRequests,
  };
}
