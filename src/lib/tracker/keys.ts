import { createHash } from 'node:crypto';

/** Row layout of the jobs table. Each job owns a partition, so an item's outcome and its counter change
 * commit in one entity-group transaction. Two extra partitions hold the newest-first index and idempotency keys. */
export const JOB_ROW = 'job';
export const SHARD_PREFIX = 'shard-';
export const ITEM_PREFIX = 'item-';
export const DONE_PREFIX = 'done-';
/** A job with max_characters: its budget and what is reserved from it (src/lib/tracker/characterPools.ts). */
export const BUDGET_ROW = 'budget';
export const INDEX_PARTITION = '~index';
export const IDEMPOTENCY_PARTITION = '~idempotency';

export const shardRow = (index: number): string => `${SHARD_PREFIX}${String(index).padStart(2, '0')}`;
export const itemRow = (itemKey: string): string => `${ITEM_PREFIX}${itemKey}`;
/** Retries of failed items a job may have: each round adds one done-marker per retried item. */
export const MAX_RETRY_ROUNDS = 100;
/** An item's outcome marker for one round: the first run's has no suffix, so rows written before retries match. */
export const doneRow = (itemKey: string, retryRound = 0): string =>
  `${DONE_PREFIX}${itemKey}${retryRound > 0 ? `~r${retryRound}` : ''}`;

/**
 * Blob names may hold characters RowKey forbids (`/ \ # ?`), so items are keyed by a hash, prefixed with the
 * planner page that listed them: a page's items are then one cheap row-key range, which is what makes a
 * page's recorded total and its item rows provably the same set.
 */
export function itemKeyOf(page: number, sourcePath: string, targetLanguage: string): string {
  const hash = createHash('sha256').update(`${targetLanguage}\n${sourcePath}`).digest('hex').slice(0, 40);
  return `${pageKey(page)}-${hash}`;
}

export const pageKey = (page: number): string => String(page).padStart(6, '0');
export const ITEM_KEY_PATTERN = /^\d{6}-[0-9a-f]{40}$/;

/** Newest first: row keys sort ascending, so invert the creation time. */
export function indexRowOf(createdAtMs: number, jobId: string): string {
  return `${String(9_999_999_999_999 - createdAtMs).padStart(13, '0')}-${jobId}`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** OData string literal for table filters. */
export const odata = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/** The first string after every string that starts with `prefix`. */
export const pastPrefix = (prefix: string): string =>
  prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);

/** The row-key range [prefix, prefix + 1 char) as an OData filter clause. */
export function rowKeyRange(prefix: string): string {
  return `RowKey ge ${odata(prefix)} and RowKey lt ${odata(pastPrefix(prefix))}`;
}
