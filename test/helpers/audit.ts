import { jobsTableOf } from './testServices.js';
import type { Services } from '../../src/lib/services.js';
import { sumShards, type Counts, type ItemRow } from '../../src/lib/tracker/entities.js';
import { DONE_PREFIX, ITEM_PREFIX, odata, rowKeyRange } from '../../src/lib/tracker/keys.js';

/** What storage holds for one job after it ended, read row by row rather than through the counters. */
export interface JobAudit {
  total: number;
  status: string;
  items: ItemRow[];
  byStatus: Record<string, number>;
  /** Item rows still without an outcome. */
  nonTerminal: number;
  /** `done-` markers: one per item whose outcome was counted. */
  doneMarkers: number;
  shards: Counts;
  /** succeeded + failed + cancelled on the counter shards. */
  counted: number;
  /** Counted more often than there are items with an outcome: an item counted twice. */
  duplicated: number;
  outputs: string[];
  /** Succeeded items whose output blob does not exist. */
  missingOutputs: string[];
  /** Output blobs no succeeded item accounts for. */
  unexpectedOutputs: string[];
}

async function rowKeysInRange(services: Services, jobId: string, prefix: string): Promise<ItemRow[]> {
  const filter = `PartitionKey eq ${odata(jobId)} and ${rowKeyRange(prefix)}`;
  const rows: ItemRow[] = [];
  for await (const row of jobsTableOf(services).listEntities<ItemRow>({ queryOptions: { filter } }))
    rows.push(row);
  return rows;
}

export async function auditJob(
  services: Services,
  jobId: string,
  targetContainer: string,
): Promise<JobAudit> {
  const snapshot = await services.tracker.readSnapshot(jobId);
  if (!snapshot) throw new Error(`job ${jobId} not found`);
  const items = await rowKeysInRange(services, jobId, ITEM_PREFIX);
  const done = await rowKeysInRange(services, jobId, DONE_PREFIX);
  const byStatus: Record<string, number> = {};
  for (const item of items) {
    const status = item.status ?? 'queued';
    byStatus[status] = (byStatus[status] ?? 0) + 1;
  }
  const shards = sumShards(snapshot.shards);
  const counted = shards.succeeded + shards.failed + shards.cancelled;
  const withOutcome = items.length - (byStatus.queued ?? 0);
  const outputs: string[] = [];
  for await (const blob of services.storage.blobs.getContainerClient(targetContainer).listBlobsFlat())
    outputs.push(blob.name);
  const outputSet = new Set(outputs);
  const expected = new Set(items.filter((i) => i.status === 'succeeded').map((i) => i.target_path));
  return {
    total: snapshot.job.total,
    status: snapshot.job.status,
    items,
    byStatus,
    nonTerminal: byStatus.queued ?? 0,
    doneMarkers: done.length,
    shards,
    counted,
    duplicated: Math.max(0, counted - withOutcome),
    outputs,
    missingOutputs: [...expected].filter((path) => !outputSet.has(path)),
    unexpectedOutputs: outputs.filter((path) => !expected.has(path)),
  };
}

/** One line of figures a report can quote. */
export function printFigures(title: string, figures: Record<string, unknown>): void {
  const parts = Object.entries(figures).map(([key, value]) => `${key}=${String(value)}`);
  console.log(`[reliability] ${title}: ${parts.join(', ')}`);
}
