import type { TableClient } from '@azure/data-tables';
import type { Job } from './jobRecord.js';
import { readJob } from './readJob.js';

const FRESH_MS = 1000;

/**
 * Workers need a job's cancel flag, shard count and glossary for every item; reading the row each time
 * would add a storage call per item. A one-second cache bounds how long a cancelled job keeps translating,
 * and the row is decoded once per read, not once per item.
 */
export class JobCache {
  private readonly entries = new Map<string, { at: number; job: Promise<Job | undefined> }>();

  constructor(
    private readonly table: TableClient,
    private readonly clock: () => number = Date.now,
  ) {}

  get(jobId: string): Promise<Job | undefined> {
    const now = this.clock();
    const hit = this.entries.get(jobId);
    if (hit && now - hit.at < FRESH_MS) return hit.job;
    const job = readJob(this.table, jobId).catch((error: unknown) => {
      this.entries.delete(jobId);
      throw error;
    });
    if (this.entries.size > 1000) this.entries.clear();
    this.entries.set(jobId, { at: now, job });
    return job;
  }
}
