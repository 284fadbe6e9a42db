import type { QueueClient } from '@azure/storage-queue';
import { planJob, type PlanOutcome } from '../../src/lib/planner/planJob.js';
import type { Services } from '../../src/lib/services.js';
import { translateItemMessageSchema, type TranslateItemMessage } from '../../src/lib/messages.js';
import { decodeMessage } from '../../src/lib/storage/messageCodec.js';
import { queueDepth } from '../../src/lib/storage/queueDepth.js';
import type { Job } from '../../src/lib/tracker/jobRecord.js';
import { settleItem, type Settlement } from '../../src/lib/worker/settleItem.js';
import type { JobStatusBody } from '../../src/lib/jobs/jobStatusBody.js';
import { drainQueue, jobStatus, planFully, submitJob } from './jobs.js';
import { uniqueName, type TestEnvironment } from './testServices.js';

/** `count` files named `<dir>file-NN.txt` (zero-padded so listing order is numeric order). */
export function numberedFiles(count: number, dir = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++)
    files[`${dir}file-${String(i).padStart(2, '0')}.txt`] = `File ${i}\n\nEnd ${i}.`;
  return files;
}

export interface PlanStep {
  outcome: PlanOutcome;
  /** The job as seen right after this invocation. */
  status: JobStatusBody;
}

/** Runs the planner one plan message at a time, as the plan queue trigger would, until the queue is empty. */
export async function planStepwise(services: Services, jobId: string, maxSteps = 100): Promise<PlanStep[]> {
  const steps: PlanStep[] = [];
  for (;;) {
    const messages = await drainQueue(services.planQueue);
    if (messages.length === 0) return steps;
    for (const message of messages) {
      const outcome = await planJob(services, message);
      steps.push({ outcome, status: await jobStatus(services, jobId) });
      if (steps.length > maxSteps) throw new Error(`planning did not finish within ${maxSteps} steps`);
    }
  }
}

/** Takes the single plan message waiting on the plan queue (fails if there is not exactly one). */
export async function takePlanMessage(services: Services): Promise<unknown> {
  const messages = await drainQueue(services.planQueue);
  if (messages.length !== 1) throw new Error(`expected one plan message, found ${messages.length}`);
  return messages[0];
}

/** A job of `files` numbered text files into Spanish, planned in full: its id and its item messages. */
export async function plannedJob(
  env: Pick<TestEnvironment, 'services' | 'sourceContainer'>,
  files: number,
): Promise<{ jobId: string; messages: TranslateItemMessage[] }> {
  const source = await env.sourceContainer(numberedFiles(files));
  const job = await submitJob(env.services, {
    source_container: source,
    target_container: uniqueName('out'),
    target_language: 'es',
  });
  await planFully(env.services);
  return { jobId: job.job_id, messages: await drainItemMessages(env.services) };
}

/** Drains the translation queue, checking every body is a valid item message. */
export async function drainItemMessages(services: Services): Promise<TranslateItemMessage[]> {
  return (await drainQueue(services.translationQueue)).map((body) => translateItemMessageSchema.parse(body));
}

export const pairOf = (m: Pick<TranslateItemMessage, 'source_path' | 'target_language'>): string =>
  `${m.target_language}:${m.source_path}`;

export async function jobRow(services: Services, jobId: string): Promise<Job> {
  const job = await services.tracker.readJob(jobId);
  if (!job) throw new Error(`No job ${jobId}`);
  return job;
}

/** Runs the worker on each message in order; returns how each delivery was settled. */
export async function processAll(services: Services, messages: readonly unknown[]): Promise<Settlement[]> {
  const outcomes: Settlement[] = [];
  for (const message of messages) outcomes.push(await settleItem(services, message, { number: 1 }));
  return outcomes;
}

/** Takes up to `count` translation messages off the queue and runs the worker on them; their bodies. */
export async function workOff(services: Services, count: number): Promise<unknown[]> {
  const { receivedMessageItems } = await services.translationQueue.receiveMessages({
    numberOfMessages: count,
    visibilityTimeout: 60,
  });
  const bodies = receivedMessageItems.map((m) => decodeMessage(m.messageText));
  await processAll(services, bodies);
  for (const m of receivedMessageItems)
    await services.translationQueue.deleteMessage(m.messageId, m.popReceipt);
  return bodies;
}

/**
 * Delivers the plan queue's messages one at a time to `step` (planJob or retryPage) while a slow worker takes
 * two items whenever a page is held back (`waiting`), then works off the rest: what each step answered, the
 * source paths worked, and the most the translation queue ever held.
 */
export async function pumpWithSlowWorker<O extends { kind: string }>(
  services: Services,
  step: (message: unknown) => Promise<O>,
): Promise<{ outcomes: O[]; worked: string[]; highest: number }> {
  const outcomes: O[] = [];
  const worked: string[] = [];
  const pathsOf = (bodies: unknown[]) => bodies.map((body) => (body as { source_path: string }).source_path);
  let highest = 0;
  for (let turn = 0; turn < 200; turn++) {
    const messages = await drainQueue(services.planQueue);
    if (messages.length === 0) break;
    if (messages.length > 1) throw new Error(`one plan message at a time, found ${messages.length}`);
    const outcome = await step(messages[0]);
    outcomes.push(outcome);
    highest = Math.max(highest, await queueDepth(services.translationQueue));
    if (outcome.kind === 'waiting') worked.push(...pathsOf(await workOff(services, 2)));
  }
  for (;;) {
    const bodies = await workOff(services, 32);
    if (bodies.length === 0) break;
    worked.push(...pathsOf(bodies));
  }
  return { outcomes, worked, highest };
}

export function tally(outcomes: readonly Settlement[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) {
    const key = o.kind === 'recorded' ? `${o.status}/${o.result}` : o.kind;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

export interface FailingQueue {
  /** Stands in for `services.translationQueue`: the planner only sends and reads the message count. */
  queue: QueueClient;
  /** Real sends that were started. */
  readonly sent: number;
  /** Waits for the real sends still in flight when the planner gave up. */
  settled(): Promise<void>;
}

/**
 * A translation queue whose first `successes` sends reach the real queue and every later one throws, as if
 * the planner's process died part-way through enqueueing a page.
 */
export function queueFailingAfter(real: QueueClient, successes: number): FailingQueue {
  let calls = 0;
  const inflight: Promise<unknown>[] = [];
  const fake = {
    getProperties: () => real.getProperties(),
    async sendMessage(text: string) {
      if (calls >= successes) throw new Error('simulated crash while enqueueing');
      calls++;
      const sending = real.sendMessage(text);
      inflight.push(sending);
      return sending;
    },
  };
  return {
    queue: fake as unknown as QueueClient,
    get sent() {
      return calls;
    },
    async settled() {
      await Promise.allSettled(inflight);
    },
  };
}
