import type { BlobServiceClient } from '@azure/storage-blob';
import { isNotFound } from '../errors.js';
import type { Job } from '../tracker/jobRecord.js';
import type { Tracker } from '../tracker/tracker.js';

const LIST_BATCH = 1000;

/** The target paths of a job's succeeded items. */
async function succeededOutputs(tracker: Pick<Tracker, 'listItems'>, jobId: string): Promise<Set<string>> {
  const paths = new Set<string>();
  let continuation: string | undefined;
  do {
    const page = await tracker.listItems(jobId, {
      status: 'succeeded',
      limit: LIST_BATCH,
      ...(continuation ? { continuation } : {}),
    });
    for (const item of page.items) paths.add(item.target_path);
    continuation = page.continuation;
  } while (continuation);
  return paths;
}

/**
 * How many outputs of a job's succeeded items are not in its target container when it closes (deleted, or
 * their container removed mid-job), so the job does not claim outputs nobody can read. Per job, not per item:
 * one listing of the succeeded items and one of the blobs under each language's folder (names only).
 */
export async function countMissingOutputs(
  deps: { blobs: BlobServiceClient; tracker: Pick<Tracker, 'listItems'> },
  job: Pick<Job, 'partitionKey' | 'target_container' | 'target_languages' | 'prefix'>,
): Promise<number> {
  const expected = await succeededOutputs(deps.tracker, job.partitionKey);
  if (expected.size === 0) return 0;
  const container = deps.blobs.getContainerClient(job.target_container);
  let found = 0;
  try {
    for (const language of job.target_languages) {
      const prefix = `${language}/${job.prefix ?? ''}`;
      for await (const blob of container.listBlobsFlat({ prefix })) {
        if (expected.has(blob.name)) found++;
      }
    }
  } catch (error) {
    if (!isNotFound(error)) throw error; // the container itself is gone: so is every output
  }
  return expected.size - found;
}
