/**
 * Scenarios for the job orchestration's replay tests: inputs, item messages, activity results, and a `Run`
 * that executes the orchestration step by step over a growing history.
 */
import assert from 'node:assert/strict';
import {
  ZERO_COUNTS,
  type ItemActivityResult,
  type TranslateJobInput,
} from '../../src/lib/durable/contracts.js';
import type { DurableProgress } from '../../src/lib/durable/progress.js';
import type { TranslateItemMessage } from '../../src/lib/messages.js';
import { itemKeyOf } from '../../src/lib/tracker/keys.js';
import { History, actionsOf, execute, type Action, type OrchestratorState } from './durableReplay.js';

export const RETRY = { first_retry_interval_ms: 2000, max_attempts: 3 };

export function inputFor(jobId: string, overrides: Partial<TranslateJobInput> = {}): TranslateJobInput {
  return { job_id: jobId, page: 0, counts: { ...ZERO_COUNTS }, max_parallel: 3, retry: RETRY, ...overrides };
}

export function messages(jobId: string, count: number, page = 0): TranslateItemMessage[] {
  return Array.from({ length: count }, (_, i) => ({
    kind: 'translate',
    job_id: jobId,
    item_key: itemKeyOf(page, `doc-${i}.txt`, 'es'),
    source_container: 'src-docs',
    source_path: `doc-${i}.txt`,
    target_container: 'out-docs',
    target_path: `es/doc-${i}.txt`,
    target_language: 'es',
    size: 10,
  }));
}

export const succeeded = (characters = 10): ItemActivityResult => ({
  status: 'succeeded',
  characters,
  duplicate: false,
});
export const summary = (jobId: string, status: string, extra: Record<string, unknown> = {}) => ({
  job_id: jobId,
  status,
  ...extra,
});

/** Runs one execution and returns the actions it added to those of the executions before it. */
export class Run {
  readonly history = new History();
  private emitted: Action[] = [];
  state!: OrchestratorState;

  constructor(
    readonly jobId: string,
    readonly input: TranslateJobInput,
  ) {
    this.history.start(input);
  }

  async step(): Promise<Action[]> {
    this.state = await execute(this.jobId, this.history, this.input);
    assert.equal(this.state.error, undefined, `orchestration failed: ${this.state.error}`);
    const actions = actionsOf(this.state);
    assert.deepEqual(actions.slice(0, this.emitted.length), this.emitted, 'replay changed earlier actions');
    const fresh = actions.slice(this.emitted.length);
    this.emitted = actions;
    return fresh;
  }

  get progress(): DurableProgress {
    return this.state.customStatus as DurableProgress;
  }

  get allActions(): Action[] {
    return this.emitted;
  }
}

export const names = (actions: readonly Action[]): string[] =>
  actions.map((a) => a.functionName ?? a.externalEventName ?? String(a.actionType));
