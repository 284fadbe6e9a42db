/**
 * Drives the real orchestrator engine of durable-functions (pinned version) without the Functions host: a
 * history is built event by event, as the Durable extension would record it, and each execution replays it
 * from the start through the same wrapper `df.app.orchestration` registers (`createOrchestrator`).
 */
import testing from 'durable-functions/lib/src/util/testingUtils.js';
import replaySchema from 'durable-functions/lib/src/orchestrations/ReplaySchema.js';
import orchestratorStarted from 'durable-functions/lib/src/history/OrchestratorStartedEvent.js';
import orchestratorCompleted from 'durable-functions/lib/src/history/OrchestratorCompletedEvent.js';
import executionStarted from 'durable-functions/lib/src/history/ExecutionStartedEvent.js';
import taskScheduled from 'durable-functions/lib/src/history/TaskScheduledEvent.js';
import taskCompleted from 'durable-functions/lib/src/history/TaskCompletedEvent.js';
import taskFailed from 'durable-functions/lib/src/history/TaskFailedEvent.js';
import timerCreated from 'durable-functions/lib/src/history/TimerCreatedEvent.js';
import timerFired from 'durable-functions/lib/src/history/TimerFiredEvent.js';
import eventRaised from 'durable-functions/lib/src/history/EventRaisedEvent.js';
import { translateJobHandler } from '../../src/functions/durable/handlers.js';
import { DURABLE } from '../../src/lib/durable/names.js';

/** ActionType values of durable-functions' actions (lib/src/actions/ActionType). */
export const ACTION = { callActivityWithRetry: 1, continueAsNew: 4, waitForExternalEvent: 6 } as const;

export interface Action {
  actionType: number;
  functionName?: string;
  input?: unknown;
  retryOptions?: { firstRetryIntervalInMilliseconds: number; maxNumberOfAttempts: number };
  externalEventName?: string;
  compoundActions?: Action[];
}

export type OrchestratorState = testing.OrchestratorState;

/** The job orchestration exactly as registered with the host. */
export const translateJobListener = testing.createOrchestrator(translateJobHandler as never);

/**
 * One execution's history: events carry the timestamps and ids the extension would give them. Task ids are
 * the orchestrator's sequence numbers, which it assigns in the order it meets tasks and retry timers.
 */
export class History {
  readonly events: unknown[] = [];
  private clock: number;

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.clock = startMs;
  }

  private at(advanceMs = 0): Date {
    this.clock += advanceMs;
    return new Date(this.clock);
  }

  /** Starts an execution: the first episode, or the one after continueAsNew. */
  start(input: unknown): this {
    this.events.push(new orchestratorStarted.OrchestratorStartedEvent({ eventId: -1, timestamp: this.at() }));
    this.events.push(
      new executionStarted.ExecutionStartedEvent({
        eventId: -1,
        timestamp: this.at(),
        name: DURABLE.orchestration,
        input: JSON.stringify(input),
      }),
    );
    return this;
  }

  /** What the extension records after an execution that scheduled `actions` (ids in order). */
  scheduled(items: { id: number; name: string; input?: unknown }[]): this {
    for (const item of items) {
      this.events.push(
        new taskScheduled.TaskScheduledEvent({
          eventId: item.id,
          timestamp: this.at(),
          name: item.name,
          input: JSON.stringify(item.input),
        }),
      );
    }
    this.events.push(
      new orchestratorCompleted.OrchestratorCompletedEvent({ eventId: -1, timestamp: this.at() }),
    );
    return this;
  }

  /** A new execution begins: events after this one are new to the orchestrator (not replayed). */
  resume(advanceMs = 1000): this {
    this.events.push(
      new orchestratorStarted.OrchestratorStartedEvent({ eventId: -1, timestamp: this.at(advanceMs) }),
    );
    return this;
  }

  completed(id: number, result: unknown): this {
    this.events.push(
      new taskCompleted.TaskCompletedEvent({
        eventId: -1,
        timestamp: this.at(),
        taskScheduledId: id,
        result: JSON.stringify(result ?? null),
      }),
    );
    return this;
  }

  failed(id: number, message: string): this {
    this.events.push(
      new taskFailed.TaskFailedEvent({
        eventId: -1,
        timestamp: this.at(),
        taskScheduledId: id,
        reason: message,
        details: `Error: ${message}`,
      }),
    );
    return this;
  }

  /** The retry timer the extension runs between two attempts of an activity called with retry. */
  retryTimer(id: number, delayMs: number): this {
    const fireAt = new Date(this.clock + delayMs);
    this.events.push(new timerCreated.TimerCreatedEvent({ eventId: id, timestamp: this.at(), fireAt }));
    this.events.push(
      new timerFired.TimerFiredEvent({ eventId: -1, timestamp: this.at(delayMs), timerId: id, fireAt }),
    );
    return this;
  }

  raised(name: string, input: unknown): this {
    this.events.push(
      new eventRaised.EventRaisedEvent({
        eventId: -1,
        timestamp: this.at(),
        name,
        input: JSON.stringify(input),
      }),
    );
    return this;
  }
}

/**
 * Runs one orchestrator execution over the whole history, as the host does on every wake-up. `around` wraps
 * only the orchestrator's own run (the trigger and context are built before it).
 */
export async function execute(
  instanceId: string,
  history: History,
  input: unknown,
  around: (run: () => Promise<OrchestratorState>) => Promise<OrchestratorState> = (run) => run(),
): Promise<OrchestratorState> {
  const trigger = new testing.DurableOrchestrationInput(
    instanceId,
    [...history.events],
    input,
    undefined,
    undefined,
    undefined,
    replaySchema.ReplaySchema.V3,
  );
  const context = new testing.DummyOrchestrationContext(DURABLE.orchestration);
  return around(() => translateJobListener(trigger, context));
}

/** Every atomic action of an execution, in the order the orchestrator emitted them (compounds flattened). */
export function actionsOf(state: OrchestratorState): Action[] {
  const flatten = (actions: Action[]): Action[] =>
    actions.flatMap((action) => (action.compoundActions ? flatten(action.compoundActions) : [action]));
  return flatten((state.actions as Action[][]).flat());
}

/** Actions that schedule an activity. */
export const activityCalls = (actions: readonly Action[]): Action[] =>
  actions.filter((a) => a.actionType === ACTION.callActivityWithRetry);
