/**
 * Preloaded into the split emulator's table process (`node --import`) by `startSplitEmulator({ indexedTableLookups:
 * true })`, for benchmark 11 only, never for the tests. Azurite's table store keeps one LokiJS collection per table
 * with binary indices on PartitionKey and on RowKey, and finds an entity with `findOne({ PartitionKey, RowKey })`;
 * LokiJS uses the index of the query's first property and scans what it matched for the rest, so every point read,
 * insert, update and merge scans the whole partition (a CPU profile of the table process during a 10,000-file job:
 * 85% of its busy time). Asking for RowKey first gives the same entity (an equality on both keys, in either order)
 * through the RowKey index, a binary search over rows that share that key: what Azure does, which indexes entities
 * by PartitionKey and RowKey. Queries with a filter still scan the table, as before.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const loki = require(require.resolve('lokijs', { paths: [require.resolve('azurite/package.json')] }));
const findOne = loki.Collection.prototype.findOne;

loki.Collection.prototype.findOne = function findOneByRowKeyFirst(query) {
  const keys = query && typeof query === 'object' ? Object.keys(query) : [];
  const pointLookup =
    keys.length === 2 && typeof query.PartitionKey === 'string' && typeof query.RowKey === 'string';
  return findOne.call(this, pointLookup ? { RowKey: query.RowKey, PartitionKey: query.PartitionKey } : query);
};
