import type { AppConfig } from '../config.js';
import { ZERO_COUNTS, type TranslateJobInput } from './contracts.js';

/**
 * How the job API reaches Durable Functions: implemented over the durable client binding in
 * src/functions/durable, absent where there is no host (the local runtime), which then serves queue mode only.
 */
export interface JobOrchestrations {
  /** Starts the job's orchestration with instance id = job id; a no-op if that instance already exists. */
  start(jobId: string, input: TranslateJobInput): Promise<void>;
  /**
   * Raises the cancel event on the job's orchestration. Best effort, never throws: if the event is lost, the
   * job tracker's cancel flag still stops the job (items record themselves cancelled, the next page stops).
   */
  signalCancel(jobId: string): Promise<void>;
}

/** The first episode's input: page 0, nothing counted, the parallelism and retry policy from settings. */
export function durableInputFor(jobId: string, config: AppConfig): TranslateJobInput {
  return {
    job_id: jobId,
    page: 0,
    counts: { ...ZERO_COUNTS },
    max_parallel: config.durable.maxParallel,
    retry: {
      first_retry_interval_ms: config.durable.retryFirstIntervalMs,
      max_attempts: config.durable.retryMaxAttempts,
    },
  };
}
