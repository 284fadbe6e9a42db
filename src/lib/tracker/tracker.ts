/**
 * The jobs table belongs to the tracker: every read and write of it is one module of this folder, and the
 * rest of the app reaches them through this interface, bound to the table once per process. Callers declare
 * the operations they use (`Pick<Tracker, 'readJob' | 'record'>`), so what a function touches is visible
 * in its signature.
 */
import type { TableClient } from '@azure/data-tables';
import { requestCancel, type CancelRequest } from './cancelRequest.js';
import { closeJobIfDone, type JobClosedHook, type OutputsCheck } from './closeJobIfDone.js';
import { CharacterPools } from './characterPools.js';
import { CompletionChecker, type ItemInFlight } from './completionChecker.js';
import { createJobRows } from './createJobRows.js';
import { claimHandoff, recordHandoff, releaseHandoff } from './handoff.js';
import { deleteStaleItemRows } from './deleteStaleItemRows.js';
import type { ItemRow } from './entities.js';
import { reserveIdempotencyKey, type Reservation } from './idempotencyKeys.js';
import { JobCache } from './jobCache.js';
import type { Job } from './jobRecord.js';
import { listItemRows, listItemRowsOfPage, type ItemPage } from './listItemRows.js';
import { listJobIndex, type JobIndexPage } from './listJobIndex.js';
import { OutcomeRecorder, type ItemOutcome, type RecordResult } from './outcomeRecorder.js';
import { advancePlanning, countPage, stopPlanning, type PageCount } from './planningState.js';
import { holdPlanning, type HoldResult, type PlanningHold } from './holdPlanning.js';
import { holdRetry, type RetryHold } from './holdRetry.js';
import { claimRetryPage, type ClaimResult, type RetryPageClaim } from './claimRetryPage.js';
import { readItemRow } from './readItemRow.js';
import { readJob } from './readJob.js';
import { readJobSnapshot, type JobSnapshot } from './readJobSnapshot.js';
import { recordAttemptError } from './recordAttemptError.js';
import { upsertItemRows } from './upsertItemRows.js';
import { recordWebhookState, type WebhookState } from './webhookState.js';
import { appMetrics } from '../telemetry/appMetrics.js';
import { reopenForRetry, type RetryReopening } from './reopenForRetry.js';
import { listRetryCandidates } from './listRetryCandidates.js';
import { moveItemsToRetry } from './moveItemsToRetry.js';
import { advanceRetry } from './retryProgress.js';

export interface Tracker {
  // Jobs
  createJob(job: Job): Promise<void>;
  reserveIdempotencyKey(key: string, jobId: string, requestHash: string): Promise<Reservation>;
  readJob(jobId: string): Promise<Job | undefined>;
  /** The job, at most a second old: what workers read for every item. */
  cachedJob(jobId: string): Promise<Job | undefined>;
  readSnapshot(jobId: string): Promise<JobSnapshot | undefined>;
  listJobs(options: { status?: string; limit: number; continuation?: string }): Promise<JobIndexPage>;
  requestCancel(jobId: string): Promise<CancelRequest | undefined>;
  /** Closes the job if planning is done and every item is counted; the snapshot it saw. */
  closeJob(jobId: string): Promise<JobSnapshot | undefined>;
  /** closeJob, coalesced per job: what workers call after recording. */
  checkCompletion(jobId: string): Promise<void>;
  /** A worker takes an item of the job: its check after recording is skipped while others are in flight. */
  startItem(jobId: string): ItemInFlight;
  recordWebhookState(jobId: string, state: WebhookState): Promise<void>;
  /** Takes over handing a queued job on, if nobody did and the claim is released or older than `staleBefore`. */
  claimHandoff(jobId: string, at: Date, staleBefore: Date): Promise<boolean>;
  recordHandoff(jobId: string): Promise<void>;
  releaseHandoff(jobId: string): Promise<void>;
  // Planning
  writePageItems(jobId: string, page: number, rows: readonly ItemRow[]): Promise<void>;
  countPage(jobId: string, page: PageCount): Promise<Job | undefined>;
  advancePlanning(jobId: string, page: number, nextCursor: string | undefined): Promise<void>;
  holdPlanning(jobId: string, hold: PlanningHold): Promise<HoldResult>;
  stopPlanning(jobId: string, error?: (job: Job) => { code: string; message: string }): Promise<boolean>;
  // Items
  itemsOfPage(jobId: string, page: number): Promise<ItemRow[]>;
  listItems(
    jobId: string,
    options: { status?: string; limit: number; continuation?: string },
  ): Promise<ItemPage>;
  readItem(jobId: string, itemKey: string): Promise<ItemRow | undefined>;
  recordAttemptError(
    jobId: string,
    itemKey: string,
    attempts: number,
    error: { code: string; message: string },
  ): Promise<void>;
  /** Records an item's outcome exactly once. */
  record(outcome: ItemOutcome): Promise<RecordResult>;
  // Retrying failed items (src/lib/jobs/retryJob.ts, src/lib/planner/retryPage.ts)
  /** Re-opens a terminal job for its next retry round; exactly one of concurrent callers does. */
  reopenForRetry(jobId: string, includeCancelled: boolean): Promise<RetryReopening>;
  listRetryCandidates(
    jobId: string,
    options: { includeCancelled: boolean; limit: number; continuation?: string },
  ): Promise<ItemPage>;
  /** Moves recorded failures back to the queue for `round`, each once; the rows now queued in `round`. */
  moveItemsToRetry(
    jobId: string,
    round: number,
    includeCancelled: boolean,
    rows: readonly ItemRow[],
  ): Promise<ItemRow[]>;
  /** The round moves past a page (or ends), by `owner` only while it owns the page; false if nothing moved. */
  advanceRetry(
    jobId: string,
    round: number,
    nextCursor: string | undefined,
    owner?: string,
  ): Promise<boolean>;
  /** Makes the retry message `claim.token` the owner of the round's current page (or finds it already is). */
  claimRetryPage(jobId: string, claim: RetryPageClaim): Promise<ClaimResult>;
  /** The retry round waits for the translation queue: only the delayed message `hold.to` may queue on. */
  holdRetry(jobId: string, hold: RetryHold): Promise<HoldResult>;
  // Budget (jobs with max_characters)
  /** Reserves characters for one provider call; false when the job's budget cannot cover them. */
  reserveCharacters(jobId: string, characters: number): Promise<boolean>;
  /** After that call: what it was charged; the rest of its reservation is free again. */
  settleCharacters(jobId: string, reserved: number, charged: number): Promise<void>;
}

export function createTracker(
  table: TableClient,
  now: () => Date = () => new Date(),
  /** Runs once a job is closed (queues its completion webhook); must be idempotent. */
  onJobClosed?: JobClosedHook,
  /** Counts a closing job's missing outputs (reported as `outputs_missing`). */
  checkOutputs?: OutputsCheck,
): Tracker {
  const at = () => now().toISOString();
  const recorder = new OutcomeRecorder(table, now);
  const cache = new JobCache(table);
  const completion = new CompletionChecker(table, now, onJobClosed, checkOutputs);
  const budgets = new CharacterPools(table);
  return {
    createJob: (job) => createJobRows(table, job),
    reserveIdempotencyKey: (key, jobId, requestHash) => reserveIdempotencyKey(table, key, jobId, requestHash),
    readJob: (jobId) => readJob(table, jobId),
    cachedJob: (jobId) => cache.get(jobId),
    readSnapshot: (jobId) => readJobSnapshot(table, jobId),
    listJobs: (options) => listJobIndex(table, options),
    requestCancel: (jobId) => requestCancel(table, jobId, at()),
    closeJob: (jobId) => closeJobIfDone(table, jobId, now, onJobClosed, checkOutputs),
    checkCompletion: (jobId) => completion.check(jobId),
    startItem: (jobId) => completion.startItem(jobId),
    recordWebhookState: (jobId, state) => recordWebhookState(table, jobId, state),
    claimHandoff: (jobId, claimAt, staleBefore) =>
      claimHandoff(table, jobId, claimAt.toISOString(), staleBefore.toISOString()),
    recordHandoff: (jobId) => recordHandoff(table, jobId, at()),
    releaseHandoff: (jobId) => releaseHandoff(table, jobId),
    async writePageItems(jobId, page, rows) {
      await deleteStaleItemRows(table, jobId, page, rows);
      await upsertItemRows(table, rows);
    },
    countPage: (jobId, page) => countPage(table, jobId, page, at()),
    advancePlanning: (jobId, page, nextCursor) => advancePlanning(table, jobId, page, nextCursor, at()),
    holdPlanning: (jobId, hold) => holdPlanning(table, jobId, hold),
    stopPlanning: (jobId, error) => stopPlanning(table, jobId, at(), error),
    itemsOfPage: (jobId, page) => listItemRowsOfPage(table, jobId, page),
    listItems: (jobId, options) => listItemRows(table, jobId, options),
    readItem: (jobId, itemKey) => readItemRow(table, jobId, itemKey),
    recordAttemptError: (jobId, itemKey, attempts, error) =>
      recordAttemptError(table, jobId, itemKey, attempts, error),
    record: async (outcome) => {
      const result = await recorder.record(outcome);
      // Counted here, once per item: a duplicate delivery records nothing and counts nothing.
      if (result === 'recorded') appMetrics.itemSettled(outcome.status, outcome.error?.code);
      return result;
    },
    reopenForRetry: (jobId, includeCancelled) => reopenForRetry(table, jobId, includeCancelled, at()),
    listRetryCandidates: (jobId, options) => listRetryCandidates(table, jobId, options),
    moveItemsToRetry: (jobId, round, includeCancelled, rows) =>
      moveItemsToRetry(table, jobId, round, includeCancelled, rows, at()),
    advanceRetry: (jobId, round, nextCursor, owner) =>
      advanceRetry(table, jobId, round, nextCursor, at(), owner),
    claimRetryPage: (jobId, claim) => claimRetryPage(table, jobId, claim),
    holdRetry: (jobId, hold) => holdRetry(table, jobId, hold),
    reserveCharacters: (jobId, characters) => budgets.reserve(jobId, characters),
    settleCharacters: (jobId, reserved, charged) => budgets.settle(jobId, reserved, charged),
  };
}
