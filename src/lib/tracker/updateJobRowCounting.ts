import type { TableClient, TransactionAction } from '@azure/data-tables';
import { isPreconditionFailed } from '../errors.js';
import type { Counts } from './entities.js';
import type { Job } from './jobRecord.js';
import { JOB_ROW } from './keys.js';
import { readJobSnapshot } from './readJobSnapshot.js';
import type { JobChange } from './updateJobRow.js';

/**
 * `updateJobRow`, plus outcomes added to one of the job's counter shards in the same entity-group
 * transaction: either both change or neither, so outcomes decided while planning (a dry run's page) are
 * counted exactly when the page is. Both rows are written under their ETags; a conflict re-reads and retries.
 */
export async function updateJobRowCounting(
  table: TableClient,
  jobId: string,
  change: (job: Job) => JobChange | undefined,
  add: Counts,
  maxAttempts = 50,
): Promise<Job | undefined> {
  for (let attempt = 1; ; attempt++) {
    const snapshot = await readJobSnapshot(table, jobId);
    if (!snapshot) return undefined;
    const { job, shards } = snapshot;
    const fields = change(job);
    if (!fields) return job;
    // Any shard will do: spreading over them keeps this off the shard a busy worker lane is updating.
    const shard = shards[Math.floor(Math.random() * shards.length)];
    if (!shard) throw new Error(`Job ${jobId} has no counter shard`);
    const actions: TransactionAction[] = [
      ['update', { partitionKey: jobId, rowKey: JOB_ROW, ...fields }, 'Merge', { etag: job.etag }],
      [
        'update',
        {
          partitionKey: jobId,
          rowKey: shard.rowKey,
          succeeded: shard.succeeded + add.succeeded,
          failed: shard.failed + add.failed,
          cancelled: shard.cancelled + add.cancelled,
          characters: shard.characters + add.characters,
          ...(shard.characters_saved ? { characters_saved: shard.characters_saved } : {}),
        },
        'Replace',
        { etag: shard.etag },
      ],
    ];
    try {
      await table.submitTransaction(actions);
      return { ...job, ...fields };
    } catch (error) {
      if (!isPreconditionFailed(error) || attempt >= maxAttempts) throw error;
    }
  }
}
