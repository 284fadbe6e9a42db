import { ITEM_STATUSES } from '../tracker/entities.js';
import type { Tracker } from '../tracker/tracker.js';
import { jobNotFound } from './getJob.js';
import { parseJobId } from './jobId.js';
import { toFileStatusBody, type FileStatusBody } from './jobStatusBody.js';
import { parseListQuery } from './listQuery.js';

export interface FileList {
  job_id: string;
  files: FileStatusBody[];
  continuation: string | null;
}

export async function listJobFiles(
  deps: { tracker: Pick<Tracker, 'readSnapshot' | 'listItems'> },
  rawJobId: string | undefined,
  params: { status?: string | null; limit?: string | null; continuation?: string | null },
): Promise<FileList> {
  const jobId = parseJobId(rawJobId);
  const query = parseListQuery(params, ITEM_STATUSES, { limit: 100, max: 1000 });
  const snapshot = await deps.tracker.readSnapshot(jobId);
  if (!snapshot) throw jobNotFound(jobId);
  const page = await deps.tracker.listItems(jobId, query);
  return {
    job_id: jobId,
    files: page.items.map((item) => toFileStatusBody(item, snapshot.job)),
    continuation: page.continuation ?? null,
  };
}
