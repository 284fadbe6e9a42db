import type { TableClient } from '@azure/data-tables';
import { isNotFound } from '../errors.js';
import { JOB_ROW } from './keys.js';
import type { JobRow } from './entities.js';

const FRESH_MS = 1000;

/**
 * Workers need a job's cancel flag and shard count for every item; reading the row each time would add a
 * storage call per item. A one-second cache bounds how long a cancelled job keeps translating.
 */
export class JobCache {
  private readonly entries = new Map<string, { at: number; job: Promise<JobRow | undefined> }>();

  constructor(
    private readonly table: TableClient,
    private readonly clock: () => number = Date.now,
  ) {}

  get(jobId: string): Promise<JobRow | undefined> {
    const now = this.clock();
    const hit = this.entries.get(jobId);
    if (hit && now - hit.at < FRESH_MS) return hit.job;
    const job = this.table.getEntity<JobRow>(jobId, JOB_ROW).then(
      (row) => row as JobRow | undefined,
      (error: unknown) => {
        if (isNotFound(error)) return undefined;
        this.entries.delete(jobId);
        throw error;
      },
    );
    if (this.entries.size > 1000) this.entries.clear();
    this.entries.set(jobId, { at: now, job });
    return job;
  }
}
