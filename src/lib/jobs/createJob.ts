import { randomUUID } from 'node:crypto';
import {
  ConflictError,
  DurableModeUnavailableError,
  ValidationError,
  isConflict,
  isNotFound,
} from '../errors.js';
import { durableInputFor, type JobOrchestrations } from '../durable/jobOrchestrations.js';
import type { Services } from '../services.js';
import { encodeMessage } from '../storage/messageCodec.js';
import type { Job } from '../tracker/jobRecord.js';
import { indexRowOf, sha256 } from '../tracker/keys.js';
import type { Tracker } from '../tracker/tracker.js';
import type { PlanMessage } from '../messages.js';
import { toJobStatusBody, type JobStatusBody } from './jobStatusBody.js';
import type { JobRequest } from './jobRequest.js';
import { loadGlossary } from './loadGlossary.js';
import { loadTranslationMemory } from './loadTranslationMemory.js';
import { assertNotReserved } from './reservedContainers.js';

export interface CreateJobResult {
  body: JobStatusBody;
  /** false when an Idempotency-Key matched an earlier submission. */
  created: boolean;
}

type CreateJobDeps = Pick<Services, 'config' | 'storage' | 'planQueue' | 'now'> & {
  tracker: Pick<
    Tracker,
    | 'createJob'
    | 'reserveIdempotencyKey'
    | 'readSnapshot'
    | 'claimHandoff'
    | 'recordHandoff'
    | 'releaseHandoff'
  >;
};

/**
 * How long a replay waits for the submission that created a job to hand it on before taking over: far longer
 * than one queue send or orchestration start takes, so a live first attempt is never doubled.
 */
export const HANDOFF_GRACE_MS = 60_000;

function parseIdempotencyKey(key: string | undefined): string | undefined {
  if (key === undefined || key === '') return undefined;
  if (key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
    throw new ValidationError(
      'Idempotency-Key must be 1-255 visible ASCII characters.',
      undefined,
      'invalid_idempotency_key',
    );
  }
  return key;
}

/** Hands the job to its processing mode: a plan message (queue) or the job's orchestration (durable). */
async function startProcessing(
  deps: CreateJobDeps,
  job: Pick<Job, 'partitionKey' | 'mode'>,
  orchestrations: JobOrchestrations | undefined,
): Promise<void> {
  const jobId = job.partitionKey;
  if (job.mode === 'durable') {
    if (!orchestrations) throw new DurableModeUnavailableError();
    await orchestrations.start(jobId, durableInputFor(jobId, deps.config));
    return;
  }
  const message: PlanMessage = { kind: 'plan', job_id: jobId, token: randomUUID() };
  await deps.planQueue.sendMessage(encodeMessage(message));
}

/** Hands the job on as its claimant, recording it done, or releasing the claim so a replay can retry at once. */
async function handOff(
  deps: CreateJobDeps,
  job: Pick<Job, 'partitionKey' | 'mode'>,
  orchestrations: JobOrchestrations | undefined,
): Promise<void> {
  try {
    await startProcessing(deps, job, orchestrations);
  } catch (error) {
    await deps.tracker.releaseHandoff(job.partitionKey).catch(() => undefined);
    throw error;
  }
  await deps.tracker.recordHandoff(job.partitionKey);
}

async function snapshotBody(deps: CreateJobDeps, jobId: string): Promise<JobStatusBody | undefined> {
  const snapshot = await deps.tracker.readSnapshot(jobId);
  return snapshot && toJobStatusBody(snapshot);
}

/**
 * Records a job and hands listing to the planner queue (or, in durable mode, to the job's orchestration), so
 * the answer is quick whatever the container's size. With an Idempotency-Key the job id is reserved first; a
 * retry after any failure finds the reservation and finishes (or returns) the same job. Durable mode needs
 * `orchestrations` (the durable client); without it such a job is refused before anything is written.
 */
export async function createJob(
  deps: CreateJobDeps,
  request: JobRequest,
  rawIdempotencyKey?: string,
  orchestrations?: JobOrchestrations,
): Promise<CreateJobResult> {
  const idempotencyKey = parseIdempotencyKey(rawIdempotencyKey);
  const mode = request.mode ?? deps.config.processingMode;
  if (mode === 'durable' && !orchestrations) throw new DurableModeUnavailableError();
  assertNotReserved(
    { source_container: request.sourceContainer, target_container: request.targetContainer },
    deps.config.durable.taskHub,
    deps.config.memory.container,
  );
  // Reject a request that cannot run before it reserves its Idempotency-Key, so a corrected retry may reuse it.
  const source = deps.storage.blobs.getContainerClient(request.sourceContainer);
  try {
    await source.getProperties();
  } catch (error) {
    if (isNotFound(error)) {
      throw new ValidationError(
        `source_container "${request.sourceContainer}" does not exist.`,
        undefined,
        'source_container_not_found',
      );
    }
    throw error;
  }
  const glossary = await loadGlossary(deps.storage.blobs, request);
  const memory = await loadTranslationMemory(deps.storage.blobs, deps.config.memory.container, request);
  // A dry run writes nothing, not even the target container.
  if (!request.dryRun)
    await deps.storage.blobs.getContainerClient(request.targetContainer).createIfNotExists();
  const requestHash = sha256(JSON.stringify(request));
  let jobId: string = randomUUID();

  if (idempotencyKey) {
    const reservation = await deps.tracker.reserveIdempotencyKey(idempotencyKey, jobId, requestHash);
    if (reservation.kind === 'taken') {
      if (reservation.requestHash !== requestHash) {
        throw new ConflictError(
          'idempotency_key_reused',
          'This Idempotency-Key was already used for a different request.',
        );
      }
      jobId = reservation.jobId;
      const snapshot = await deps.tracker.readSnapshot(jobId);
      if (snapshot) {
        // The first attempt may have failed or died before handing the job on: then, and only then, one
        // replay takes it over. Any other replay sends nothing, so planning is never asked for twice.
        const now = deps.now();
        const staleBefore = new Date(now.getTime() - HANDOFF_GRACE_MS);
        if (
          snapshot.job.status === 'queued' &&
          !snapshot.job.handed_off_at &&
          (await deps.tracker.claimHandoff(jobId, now, staleBefore))
        ) {
          await handOff(deps, snapshot.job, orchestrations);
        }
        return { body: toJobStatusBody(snapshot), created: false };
      }
    }
  }

  const at = deps.now();
  const job: Job = {
    partitionKey: jobId,
    rowKey: 'job',
    source_container: request.sourceContainer,
    target_container: request.targetContainer,
    target_languages: request.targetLanguages,
    ...(request.sourceLanguage ? { source_language: request.sourceLanguage } : {}),
    prefix: request.prefix,
    ...(request.extensions ? { extensions: request.extensions } : {}),
    ...(request.callbackUrl ? { callback_url: request.callbackUrl } : {}),
    ...(glossary ? { glossary } : {}),
    ...(request.glossaryBlob ? { glossary_blob: request.glossaryBlob } : {}),
    ...(request.translationMemoryBlob && memory
      ? { translation_memory_blob: request.translationMemoryBlob, translation_memory_index: memory.index }
      : {}),
    ...(request.noTranslate ? { no_translate: request.noTranslate } : {}),
    ...(request.markAsDraft ? { mark_as_draft: true } : {}),
    ...(request.overwriteEdits ? { overwrite_edits: true } : {}),
    ...(request.dryRun
      ? {
          dry_run: true,
          price_per_million_characters: deps.config.pricing.perMillionCharacters,
          ...(deps.config.pricing.currency ? { price_currency: deps.config.pricing.currency } : {}),
        }
      : {}),
    ...(request.maxCharacters !== undefined ? { max_characters: request.maxCharacters } : {}),
    mode,
    status: 'queued',
    created_at: at.toISOString(),
    updated_at: at.toISOString(),
    index_row: indexRowOf(at.getTime(), jobId),
    shards: deps.config.trackerShards,
    total: 0,
    planning_done: false,
    plan_page: 0,
    cancel_requested: false,
    handoff_claimed_at: at.toISOString(),
  };
  try {
    await deps.tracker.createJob(job);
  } catch (error) {
    // A concurrent request with the same Idempotency-Key reserved this id and created the job first.
    if (!idempotencyKey || !isConflict(error)) throw error;
    const body = await snapshotBody(deps, jobId);
    if (!body) throw error;
    return { body, created: false };
  }
  await handOff(deps, job, orchestrations);
  const body = await snapshotBody(deps, jobId);
  if (!body) throw new Error(`Job ${jobId} vanished right after creation`);
  return { body, created: true };
}
