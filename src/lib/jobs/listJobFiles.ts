import type { Services } from '../services.js';
import { ITEM_STATUSES } from '../tracker/entities.js';
import { listItemRows } from '../tracker/listItemRows.js';
import { readJobSnapshot } from '../tracker/readJobSnapshot.js';
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
  services: Services,
  rawJobId: string | undefined,
  params: { status?: string | null; limit?: string | null; continuation?: string | null },
): Promise<FileList> {
  const jobId = parseJobId(rawJobId);
  const query = parseListQuery(params, ITEM_STATUSES, { limit: 100, max: 1000 });
  const snapshot = await readJobSnapshot(services.jobs, jobId);
  if (!snapshot) throw jobNotFound(jobId);
  const page = await listItemRows(services.jobs, jobId, query);
  return {
    job_id: jobId,
    files: page.items.map((item) => toFileStatusBody(item, snapshot.job)),
    continuation: page.continuation ?? null,
  };
}
