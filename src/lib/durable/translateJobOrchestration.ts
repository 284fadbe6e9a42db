/**
 * Durable mode: one orchestration per job (instance id = job id), one page of the source per episode.
 *
 *   plan the page (activity) ─▶ waves of ≤ max_parallel item activities (fan-out, fan-in)
 *     ─▶ items that failed after their retries are recorded `retries_exhausted` (activity)
 *     ─▶ more pages? continueAsNew with the next cursor and the totals : close the job and return its summary
 *
 * Every outcome is recorded by the activities in the job tracker, exactly as in queue mode; the orchestration
 * only decides what runs when. It is deterministic: no I/O, no clock but `currentUtcDateTime`, no randomness.
 */
import {
  translateJobInputSchema,
  type CancelRestResult,
  type DurableCounts,
  type ItemActivityResult,
  type JobSummary,
  type PlanPageResult,
  type RetryPolicy,
  type TranslateJobInput,
  type TranslateJobOutput,
} from './contracts.js';
import { DURABLE } from './names.js';
import type { DurableTask, OrchestrationApi, OrchestrationGenerator } from './orchestrationApi.js';
import { addItemResult, wavesOf, type DurablePhase } from './progress.js';

const isRunning = (task: DurableTask): boolean => !task.isCompleted && !task.isFaulted;

/**
 * Schedules fresh tasks together and waits until each has completed or failed. `Task.all` fails as soon as
 * one task fails (after its retries) while the others keep running; those are then awaited one by one,
 * because yielding an already-scheduled task schedules nothing, whereas a new `Task.all` over it would emit
 * its action again and run it twice. Each task's own state then tells what happened to it.
 */
function* settle<R>(df: OrchestrationApi<R>, fresh: DurableTask[]): OrchestrationGenerator<void> {
  if (fresh.length === 0) return;
  try {
    yield df.Task.all(fresh);
  } catch {
    // Read per task below.
  }
  for (const task of fresh) yield* settleScheduled(task);
}

/** Waits for one already-scheduled task, whatever its outcome. */
function* settleScheduled(task: DurableTask): OrchestrationGenerator<void> {
  if (!isRunning(task)) return;
  try {
    yield task;
  } catch {
    // The caller reads `isFaulted`.
  }
}

/** Runs one activity to its end; a failure after its retries fails the orchestration (visible in its status). */
function* callOnce<R, T>(
  df: OrchestrationApi<R>,
  retry: R,
  name: string,
  input: unknown,
): OrchestrationGenerator<T> {
  const task = df.callActivityWithRetry(name, retry, input);
  yield* settle(df, [task]);
  if (task.isFaulted) throw task.result instanceof Error ? task.result : new Error(`${name} failed`);
  return task.result as T;
}

function asItemResult(value: unknown): ItemActivityResult {
  const result = value as Partial<ItemActivityResult> | undefined;
  if (!result || typeof result.status !== 'string')
    return { status: 'skipped', characters: 0, duplicate: false };
  return {
    status: result.status,
    characters: typeof result.characters === 'number' ? result.characters : 0,
    duplicate: result.duplicate === true,
    ...(result.error_code ? { error_code: result.error_code } : {}),
  };
}

export function* translateJobOrchestration<R>(
  df: OrchestrationApi<R>,
  rawInput: unknown,
  retryOptionsOf: (policy: RetryPolicy) => R,
): OrchestrationGenerator<TranslateJobOutput | undefined> {
  const input: TranslateJobInput = translateJobInputSchema.parse(rawInput);
  const jobId = input.job_id;
  const retry = retryOptionsOf(input.retry);
  let counts: DurableCounts = { ...input.counts };
  let pageItems = 0;
  let pageScheduled = 0;
  const cancel = df.waitForExternalEvent(DURABLE.cancelEvent);
  const progress = (phase: DurablePhase): void =>
    df.setCustomStatus({
      job_id: jobId,
      phase,
      page: input.page,
      page_items: pageItems,
      page_scheduled: pageScheduled,
      counts,
      cancel_requested: cancel.isCompleted,
      updated_at: df.currentUtcDateTime.toISOString(),
    });

  function* finish(cancelledByEvent: boolean): OrchestrationGenerator<TranslateJobOutput> {
    progress('finishing');
    const job = yield* callOnce<R, JobSummary>(df, retry, DURABLE.finishJob, { job_id: jobId });
    progress('done');
    return { job, counts, last_page: input.page, cancelled_by_event: cancelledByEvent };
  }

  progress('planning');
  const planning = df.callActivityWithRetry(DURABLE.planPage, retry, {
    job_id: jobId,
    page: input.page,
    ...(input.cursor ? { cursor: input.cursor } : {}),
  });
  // Racing the cancel event here starts listening for it; the page is still awaited, since it may be counted.
  yield df.Task.any([planning, cancel]);
  yield* settleScheduled(planning);
  if (planning.isFaulted) {
    // Listing kept failing: as with a poisoned plan message, planning stops and the job ends `failed`.
    yield* callOnce(df, retry, DURABLE.failPlanning, { job_id: jobId });
    return yield* finish(false);
  }
  const page = planning.result as PlanPageResult;
  if (page.kind === 'stopped') return yield* finish(false);
  pageItems = page.items.length;
  // Older histories have no failed_at_planning: such pages had none.
  const failedAtPlanning = page.failed_at_planning ?? 0;
  counts = {
    ...counts,
    planned: counts.planned + pageItems + failedAtPlanning,
    failed: counts.failed + failedAtPlanning,
  };

  for (const wave of wavesOf(page.items, input.max_parallel)) {
    if (cancel.isCompleted) break;
    pageScheduled += wave.length;
    progress('translating');
    const tasks = wave.map((message) => df.callActivityWithRetry(DURABLE.translateItem, retry, message));
    yield* settle(df, tasks);
    const exhausted = wave.filter((_, i) => tasks[i]?.isFaulted);
    for (const task of tasks) if (task.isCompleted) counts = addItemResult(counts, asItemResult(task.result));
    if (exhausted.length > 0) {
      progress('recording_failures');
      const recorders = exhausted.map((message) =>
        df.callActivityWithRetry(DURABLE.failItem, retry, { message, attempts: input.retry.max_attempts }),
      );
      yield* settle(df, recorders);
      const lost = recorders.find((task) => task.isFaulted);
      if (lost)
        throw lost.result instanceof Error ? lost.result : new Error('recording a failed item failed');
      for (const task of recorders) counts = addItemResult(counts, asItemResult(task.result));
    }
  }

  if (cancel.isCompleted) {
    // DELETE /api/jobs/{id} raised the event: schedule nothing more; the page's unscheduled items are counted
    // cancelled and planning stops, so the job closes `cancelled` with its counts adding up.
    progress('cancelling');
    const rest = yield* callOnce<R, CancelRestResult>(df, retry, DURABLE.cancelRest, {
      job_id: jobId,
      page: input.page,
    });
    counts = { ...counts, cancelled: counts.cancelled + rest.cancelled };
    return yield* finish(true);
  }
  if (page.next_cursor) {
    progress('planning');
    const next: TranslateJobInput = { ...input, page: input.page + 1, cursor: page.next_cursor, counts };
    df.continueAsNew(next);
    return undefined;
  }
  return yield* finish(false);
}
