import type { TableClient, TransactionAction } from '@azure/data-tables';
import { isPreconditionFailed } from '../errors.js';
import type { ItemRow, ShardRow } from './entities.js';
import { ITEM_PREFIX, odata, rowKeyRange, SHARD_PREFIX } from './keys.js';
import { readItemRow } from './readItemRow.js';

/** Items per transaction: with at most 32 counter shards touched, well inside the 100-operation limit. */
const ITEMS_PER_TRANSACTION = 60;
const MAX_CONFLICT_RETRIES = 20;

type Retryable = 'failed' | 'cancelled';

/** Whether `row` is an outcome this round re-queues (never one recorded in this round already). */
export const awaitsRetry = (row: ItemRow, round: number, includeCancelled: boolean): boolean =>
  (row.status === 'failed' || (includeCancelled && row.status === 'cancelled')) &&
  (row.retry_round ?? 0) < round;

/** Already moved to this round and still without an outcome: its message may need sending (again). */
export const queuedInRound = (row: ItemRow, round: number): boolean =>
  !row.status && row.retry_round === round;

/**
 * The item row as re-queued: planned fields kept; outcome and attempt count cleared (the poison handler then
 * falls back to the host's maximum and its own wording, as for a first run): a new round starts clean.
 */
function requeued(row: ItemRow, round: number, at: string): ItemRow {
  return {
    partitionKey: row.partitionKey,
    rowKey: row.rowKey,
    source_path: row.source_path,
    target_language: row.target_language,
    target_path: row.target_path,
    page: row.page,
    size: row.size,
    ...(row.content_type ? { content_type: row.content_type } : {}),
    retry_round: round,
    updated_at: at,
  };
}

async function reread(table: TableClient, jobId: string, rows: readonly ItemRow[]): Promise<ItemRow[]> {
  const fresh = await Promise.all(
    rows.map((r) => readItemRow(table, jobId, r.rowKey.slice(ITEM_PREFIX.length))),
  );
  return fresh.filter((r): r is ItemRow => r !== undefined);
}

async function readShards(table: TableClient, jobId: string): Promise<ShardRow[]> {
  const filter = `PartitionKey eq ${odata(jobId)} and ${rowKeyRange(SHARD_PREFIX)}`;
  const shards: ShardRow[] = [];
  for await (const shard of table.listEntities<ShardRow>({ queryOptions: { filter } })) shards.push(shard);
  return shards;
}

/**
 * Takes each row's status off the shards that hold the most of it; the changed shards, with their ETags.
 * Undefined when the counters hold fewer than the rows claim: the rows are stale (another process moved
 * some of them since they were read), so they must be read again.
 */
function decrement(shards: ShardRow[], rows: readonly ItemRow[]): ShardRow[] | undefined {
  const changed = new Map<string, ShardRow>();
  for (const status of ['failed', 'cancelled'] as const satisfies readonly Retryable[]) {
    let need = rows.filter((r) => r.status === status).length;
    const byCount = [...shards].sort((a, b) => b[status] - a[status]);
    for (const shard of byCount) {
      if (need === 0) break;
      const current = changed.get(shard.rowKey) ?? { ...shard };
      const take = Math.min(need, current[status]);
      if (take === 0) continue;
      current[status] -= take;
      need -= take;
      changed.set(shard.rowKey, current);
    }
    if (need > 0) return undefined;
  }
  return [...changed.values()];
}

/**
 * Moves recorded failed (or cancelled) items back to the queue for retry `round`, exactly once each: per
 * transaction, each item row is replaced under its ETag (status and error cleared, `retry_round` set) and the
 * counters it was counted in are decremented under theirs. If anything moved meanwhile (a racing retry
 * page, a recorder on the same shard), the rows are read again and only those still waiting are moved.
 * Returns the rows now queued in `round`, including any a racing invocation moved, so their messages get sent.
 */
export async function moveItemsToRetry(
  table: TableClient,
  jobId: string,
  round: number,
  includeCancelled: boolean,
  rows: readonly ItemRow[],
  at: string,
): Promise<ItemRow[]> {
  const queued: ItemRow[] = [];
  for (let i = 0; i < rows.length; i += ITEMS_PER_TRANSACTION) {
    let batch = rows.slice(i, i + ITEMS_PER_TRANSACTION);
    for (let attempt = 1; batch.length > 0; attempt++) {
      const waiting = batch.filter((r) => awaitsRetry(r, round, includeCancelled));
      queued.push(...batch.filter((r) => queuedInRound(r, round)));
      if (waiting.length === 0) break;
      const shards = decrement(await readShards(table, jobId), waiting);
      if (!shards) {
        if (attempt >= MAX_CONFLICT_RETRIES) throw new Error(`Job ${jobId}: counters and item rows disagree`);
        batch = await reread(table, jobId, waiting);
        continue;
      }
      const actions: TransactionAction[] = [
        ...waiting.map((r): TransactionAction => [
          'update',
          requeued(r, round, at),
          'Replace',
          { etag: r.etag },
        ]),
        ...shards.map((s): TransactionAction => [
          'update',
          {
            partitionKey: s.partitionKey,
            rowKey: s.rowKey,
            succeeded: s.succeeded,
            failed: s.failed,
            cancelled: s.cancelled,
            characters: s.characters,
            ...(s.characters_saved ? { characters_saved: s.characters_saved } : {}),
          },
          'Replace',
          { etag: s.etag },
        ]),
      ];
      try {
        await table.submitTransaction(actions);
        queued.push(...waiting.map((r) => requeued(r, round, at)));
        break;
      } catch (error) {
        if (!isPreconditionFailed(error) || attempt >= MAX_CONFLICT_RETRIES) throw error;
        batch = await reread(table, jobId, waiting);
      }
    }
  }
  return queued;
}
