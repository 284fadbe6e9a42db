import type { TableClient } from '@azure/data-tables';

/** Counts the HTTP requests a table client sends, at its pipeline: what a storage operation really costs. */
export function countTableRequests(table: TableClient): { readonly count: number; reset(): void } {
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
