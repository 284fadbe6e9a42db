import { setTimeout as delay } from 'node:timers/promises';
import type { JobStatusBody } from '../lib/jobs/jobStatusBody.js';
import { isTerminal } from '../lib/tracker/entities.js';
import type { ApiClient } from './apiClient.js';

/**
 * Polls a job until it reaches a terminal status. Starts fast, backs off to `maxIntervalMs` while nothing
 * changes, and speeds up again when progress moves, so short jobs feel instant and long ones cost little.
 */
export async function waitForJob(
  api: ApiClient,
  jobId: string,
  onProgress: (status: JobStatusBody) => void,
  { minIntervalMs = 250, maxIntervalMs = 5000 } = {},
): Promise<JobStatusBody> {
  let interval = minIntervalMs;
  let last = -1;
  for (;;) {
    const status = await api.status(jobId);
    onProgress(status);
    if (isTerminal(status.status)) return status;
    interval = status.processed_files !== last ? minIntervalMs : Math.min(interval * 2, maxIntervalMs);
    last = status.processed_files;
    await delay(interval);
  }
}
