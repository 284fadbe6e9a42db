/**
 * The part of Durable Functions' orchestration context the job orchestration uses, declared structurally so
 * src/lib needs nothing from the SDK (whose types pull in @azure/functions). The registration glue passes the
 * real `context.df`, and the compiler checks it fits.
 */
export interface DurableTask {
  readonly isCompleted: boolean;
  readonly isFaulted: boolean;
  readonly result?: unknown;
}

export interface OrchestrationApi<RetryOptions> {
  readonly instanceId: string;
  /** Replay-safe time: the timestamp of the current orchestrator episode, never the wall clock. */
  readonly currentUtcDateTime: Date;
  callActivityWithRetry(name: string, retryOptions: RetryOptions, input?: unknown): DurableTask;
  waitForExternalEvent(name: string): DurableTask;
  continueAsNew(input: unknown): void;
  setCustomStatus(status: unknown): void;
  readonly Task: {
    all: (tasks: DurableTask[]) => DurableTask;
    any: (tasks: DurableTask[]) => DurableTask;
  };
}

/** The orchestration's generator: yields tasks, gets their results back, returns its output. */
export type OrchestrationGenerator<Output> = Generator<DurableTask, Output, unknown>;
