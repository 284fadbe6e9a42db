import type { TableClient, TransactionAction } from '@azure/data-tables';
import { isConflict, isPreconditionFailed } from '../errors.js';
import { doneRow, odata, shardRow } from './keys.js';
import { outcomeColumns } from './outcomeColumns.js';
import type { ItemOutcomeStatus, ShardRow } from './entities.js';

export interface ItemOutcome {
  jobId: string;
  /** How many counter shards the job has (from its job row). */
  shards: number;
  itemKey: string;
  status: ItemOutcomeStatus;
  error?: { code: string; message: string };
  charactersCharged: number;
  attempts: number;
  /** The retry round of the message that produced this outcome (absent: the first run). */
  retryRound?: number;
  /** Set when an earlier output was reused (`kept`, `copied`). */
  cache?: string;
  detectedLanguage?: string;
  /** The file's glossary report (src/lib/glossary/termReport.ts); rides this same write. */
  glossary?: { found: readonly string[]; missed: readonly string[] };
  /** A dry run's measurement of the item, instead of a translation. */
  estimate?: ItemEstimate;
  /** The segment memory's account of the item (text files translated with a memory). */
  memory?: { segments: number; reused: number; editsKept: number; charactersSaved: number };
  /** Segments the job's TMX answered, when the segment memory kept no account of the item. */
  segmentsReused?: number;
}

/** What a dry run measured for one (file, language): what its translation would send and be charged. */
export interface ItemEstimate {
  segments: number;
  characters: number;
  /** A whole document the provider meters itself: its characters are unknown before it is sent. */
  unmeasured?: boolean;
}

/** `duplicate`: the item already had an outcome (redelivery or a racing worker); nothing was counted. */
export type RecordResult = 'recorded' | 'duplicate';

interface Pending {
  outcome: ItemOutcome;
  resolve(result: RecordResult): void;
  reject(error: unknown): void;
}

interface Lane {
  shard: number;
  cached?: ShardRow; // last known state and ETag of this lane's shard
  pending: Pending[];
  flushing: boolean;
}

// 100 operations per entity-group transaction: two per item plus the shard update.
const MAX_ITEMS_PER_TRANSACTION = 49;
const MAX_CONFLICT_RETRIES = 50;
const MAX_LANES = 1000;

/**
 * Records item outcomes exactly once. For each item one transaction, in the job's partition,
 * (1) inserts a `done-` marker, which fails if the item was already counted, (2) merges the item's status and
 * (3) increments one counter shard under its ETag. Outcomes that arrive while a transaction is in flight are
 * grouped into the next one, so the cost per item falls as load rises. Each process keeps one shard per job
 * and its ETag, so in steady state nothing is re-read; a conflict moves the lane to another random shard.
 */
export class OutcomeRecorder {
  private readonly lanes = new Map<string, Lane>();

  constructor(
    private readonly table: TableClient,
    private readonly now: () => Date = () => new Date(),
  ) {}

  record(outcome: ItemOutcome): Promise<RecordResult> {
    const lane = this.laneFor(outcome);
    return new Promise<RecordResult>((resolve, reject) => {
      lane.pending.push({ outcome, resolve, reject });
      if (!lane.flushing) void this.flush(outcome.jobId, lane);
    });
  }

  private laneFor(outcome: ItemOutcome): Lane {
    let lane = this.lanes.get(outcome.jobId);
    if (!lane) {
      lane = { shard: Math.floor(Math.random() * outcome.shards), pending: [], flushing: false };
      this.forgetIdleLanes();
      this.lanes.set(outcome.jobId, lane);
    }
    return lane;
  }

  /** Lanes keep their shard's ETag between items; bound the map so finished jobs do not pile up. */
  private forgetIdleLanes(): void {
    if (this.lanes.size < MAX_LANES) return;
    for (const [jobId, lane] of this.lanes) {
      if (!lane.flushing && lane.pending.length === 0) this.lanes.delete(jobId);
      if (this.lanes.size < MAX_LANES / 2) return;
    }
  }

  private async flush(jobId: string, lane: Lane): Promise<void> {
    lane.flushing = true;
    try {
      while (lane.pending.length > 0) {
        const group = lane.pending.splice(0, MAX_ITEMS_PER_TRANSACTION);
        await this.commit(jobId, lane, group);
      }
    } finally {
      lane.flushing = false;
    }
  }

  private async commit(jobId: string, lane: Lane, group: Pending[]): Promise<void> {
    let remaining = dedupeWithinGroup(group);
    for (let attempt = 1; remaining.length > 0; attempt++) {
      try {
        lane.cached ??= await this.table.getEntity<ShardRow>(jobId, shardRow(lane.shard));
        const next = applyOutcomes(lane.cached, remaining);
        const response = await this.table.submitTransaction(this.actions(jobId, next, remaining));
        // Sub-responses come in request order and an update's names no row key: the shard update is last.
        const etag = response.subResponses.at(-1)?.etag?.trim();
        lane.cached = etag ? { ...next, etag } : undefined;
        for (const p of remaining) p.resolve('recorded');
        return;
      } catch (error) {
        if (attempt >= MAX_CONFLICT_RETRIES) {
          for (const p of remaining) p.reject(error);
          return;
        }
        if (isPreconditionFailed(error)) {
          // Another process moved this shard: take a different one to spread contention.
          lane.cached = undefined;
          lane.shard = Math.floor(Math.random() * (remaining[0]?.outcome.shards ?? 1));
          continue;
        }
        if (isConflict(error)) {
          remaining = await this.dropAlreadyRecorded(jobId, remaining);
          continue;
        }
        for (const p of remaining) p.reject(error);
        return;
      }
    }
  }

  private actions(jobId: string, shard: ShardRow, group: Pending[]): TransactionAction[] {
    const at = this.now().toISOString();
    const actions: TransactionAction[] = [];
    for (const { outcome } of group) {
      actions.push([
        'create',
        { partitionKey: jobId, rowKey: doneRow(outcome.itemKey, outcome.retryRound), status: outcome.status },
      ]);
      actions.push(['upsert', { partitionKey: jobId, ...outcomeColumns(outcome, at) }, 'Merge']);
    }
    const counters = {
      partitionKey: shard.partitionKey,
      rowKey: shard.rowKey,
      succeeded: shard.succeeded,
      failed: shard.failed,
      cancelled: shard.cancelled,
      characters: shard.characters,
      ...(shard.characters_saved ? { characters_saved: shard.characters_saved } : {}),
    };
    actions.push(['update', counters, 'Replace', { etag: shard.etag }]);
    return actions;
  }

  /** After a 409 some marker already exists: find which, settle those as duplicates, keep the rest. */
  private async dropAlreadyRecorded(jobId: string, group: Pending[]): Promise<Pending[]> {
    const keys = group.map((p) => doneRow(p.outcome.itemKey, p.outcome.retryRound));
    const existing = new Set<string>();
    const filter = `PartitionKey eq ${odata(jobId)} and (${keys.map((k) => `RowKey eq ${odata(k)}`).join(' or ')})`;
    for await (const entity of this.table.listEntities({ queryOptions: { filter, select: ['RowKey'] } })) {
      existing.add(entity.rowKey ?? '');
    }
    const keep: Pending[] = [];
    for (const p of group) {
      if (existing.has(doneRow(p.outcome.itemKey, p.outcome.retryRound))) p.resolve('duplicate');
      else keep.push(p);
    }
    return keep;
  }
}

/**
 * Two deliveries of one item in the same group would fail the whole transaction; settle the extras now. Of
 * two rounds the later one stays: an item is only retried after its earlier round was recorded, so an
 * earlier round's outcome is always a duplicate.
 */
function dedupeWithinGroup(group: Pending[]): Pending[] {
  const kept = new Map<string, Pending>();
  for (const p of group) {
    const other = kept.get(p.outcome.itemKey);
    if (!other) kept.set(p.outcome.itemKey, p);
    else if ((p.outcome.retryRound ?? 0) > (other.outcome.retryRound ?? 0)) {
      other.resolve('duplicate');
      kept.set(p.outcome.itemKey, p);
    } else p.resolve('duplicate');
  }
  return [...kept.values()];
}

function applyOutcomes(shard: ShardRow, group: Pending[]): ShardRow {
  const next = { ...shard };
  for (const { outcome } of group) {
    next[outcome.status] += 1;
    next.characters += outcome.charactersCharged;
    if (outcome.memory?.charactersSaved)
      next.characters_saved = (next.characters_saved ?? 0) + outcome.memory.charactersSaved;
  }
  return next;
}
