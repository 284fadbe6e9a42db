import { planMessageSchema } from '../messages.js';
import type { Services } from '../services.js';
import { closeJobIfDone } from '../tracker/closeJobIfDone.js';
import { updateJobRow } from '../tracker/updateJobRow.js';
import { isNotFound } from '../errors.js';

/**
 * A plan message that exhausted its retries: the job cannot list its source. Items already enqueued still
 * run; the job then ends `failed` with this reason instead of waiting forever for pages that never come.
 */
export async function failPlanning(
  services: Services,
  body: unknown,
  dequeueCount: number,
): Promise<boolean> {
  const parsed = planMessageSchema.safeParse(body);
  if (!parsed.success) return false;
  const jobId = parsed.data.job_id;
  const at = services.now().toISOString();
  try {
    await updateJobRow(services.jobs, jobId, (job) =>
      job.planning_done
        ? undefined
        : {
            planning_done: true,
            pending_page: -1,
            error_code: 'planning_failed',
            error_message: `Listing the source container failed ${dequeueCount} times; ${job.total} files were planned before it stopped.`,
            updated_at: at,
          },
    );
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
  await closeJobIfDone(services.jobs, jobId, services.now);
  return true;
}
