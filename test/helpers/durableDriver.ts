/**
 * A stand-in for the Durable extension, in-process: it runs the real orchestrator engine over a growing
 * history, executes the activities each execution schedules (concurrently, as the host's workers would), with
 * `callActivityWithRetry`'s attempts and retry timers, records their results, and follows continueAsNew into
 * new episodes. Every replay must re-emit exactly the actions of the executions before it (determinism).
 */
import assert from 'node:assert/strict';
import type { InvocationContext as Context } from '@azure/functions';
import { InvocationContext } from '../../src/functions/sdk.js';
import { DURABLE } from '../../src/lib/durable/names.js';
import { ACTION, History, actionsOf, execute, type Action } from './durableReplay.js';

export type ActivityFn = (input: unknown, context: Context) => Promise<unknown>;

export interface DriverHooks {
  /**
   * Called after an execution's activities ran, before their results are recorded; an event name returned is
   * raised (with `{}`) ahead of those results, as when a request arrives while activities are finishing.
   */
  afterActivities?: (step: { episode: number; execution: number }) => Promise<string | undefined>;
}

export interface ScheduledCall {
  episode: number;
  name: string;
  input: unknown;
  attempts: number;
  outcome: 'completed' | 'failed';
}

export interface DriverRun {
  output: unknown;
  episodes: number;
  executions: number;
  calls: ScheduledCall[];
  customStatus: unknown;
}

interface Attempted {
  id: number;
  action: Action;
  results: ({ ok: true; value: unknown } | { ok: false; message: string })[];
}

async function attempt(call: { id: number; action: Action }, fn: ActivityFn): Promise<Attempted> {
  const maxAttempts = call.action.retryOptions?.maxNumberOfAttempts ?? 1;
  const results: Attempted['results'] = [];
  const context = new InvocationContext({ functionName: call.action.functionName ?? 'activity' });
  for (let i = 1; i <= maxAttempts; i++) {
    try {
      results.push({ ok: true, value: await fn(call.action.input, context) });
      break;
    } catch (error) {
      results.push({ ok: false, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return { ...call, results };
}

export async function runOrchestration(
  instanceId: string,
  input: unknown,
  activities: Record<string, ActivityFn>,
  hooks: DriverHooks = {},
): Promise<DriverRun> {
  const calls: ScheduledCall[] = [];
  let episodeInput = input;
  let executions = 0;
  for (let episode = 1; episode <= 1000; episode++) {
    const history = new History().start(episodeInput);
    let nextId = 0;
    let emitted: Action[] = [];
    for (let execution = 1; ; execution++) {
      const state = await execute(instanceId, history, episodeInput);
      executions++;
      assert.equal(state.error, undefined, `orchestration failed: ${state.error}`);
      const actions = actionsOf(state);
      assert.deepEqual(actions.slice(0, emitted.length), emitted, 'a replay changed earlier decisions');
      const fresh = actions.slice(emitted.length);
      emitted = actions;
      const continued = fresh.find((a) => a.actionType === ACTION.continueAsNew);
      if (continued) {
        episodeInput = continued.input;
        break;
      }
      if (state.isDone)
        return {
          output: state.output,
          episodes: episode,
          executions,
          calls,
          customStatus: state.customStatus,
        };
      const scheduled = fresh
        .filter((a) => a.actionType === ACTION.callActivityWithRetry)
        .map((action) => ({ id: nextId++, action }));
      assert.ok(scheduled.length > 0, 'the orchestration waits on something this driver cannot deliver');
      history.scheduled(
        scheduled.map(({ id, action }) => ({ id, name: action.functionName ?? '', input: action.input })),
      );
      const done = await Promise.all(
        scheduled.map((call) => {
          const fn = activities[call.action.functionName ?? ''];
          assert.ok(fn, `no activity named ${call.action.functionName}`);
          return attempt(call, fn);
        }),
      );
      // Record in schedule order: the orchestrator numbers retry timers and re-attempts as it meets them.
      history.resume();
      const raise = await hooks.afterActivities?.({ episode, execution });
      if (raise) history.raised(raise, {});
      for (const call of done) {
        let id = call.id;
        const maxAttempts = call.action.retryOptions?.maxNumberOfAttempts ?? 1;
        const delay = call.action.retryOptions?.firstRetryIntervalInMilliseconds ?? 1000;
        call.results.forEach((result, i) => {
          if (result.ok) {
            history.completed(id, result.value);
            return;
          }
          history.failed(id, result.message).retryTimer(nextId++, delay);
          if (i + 1 < maxAttempts) id = nextId++;
        });
        const last = call.results.at(-1);
        calls.push({
          episode,
          name: call.action.functionName ?? '',
          input: call.action.input,
          attempts: call.results.length,
          outcome: last?.ok ? 'completed' : 'failed',
        });
      }
    }
  }
  throw new Error('the orchestration did not end within 1000 episodes');
}

/** The cancel event's name, for hooks. */
export const CANCEL_EVENT = DURABLE.cancelEvent;
