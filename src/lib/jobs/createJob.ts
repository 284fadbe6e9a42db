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
import { createJobRows } from '../tracker/createJobRows.js';
import type { JobRow } from '../tracker/entities.js';
import { IDEMPOTENCY_PARTITION, indexRowOf, sha256 } from '../tracker/keys.js';
import { readJobSnapshot } from '../tracker/readJobSnapshot.js';
import type { PlanMessage } from '../messages.js';
import { toJobStatusBody, type JobStatusBody } from './jobStatusBody.js';
import type { JobRequest } from './jobRequest.js';
import { loadGlossary } from './loadGlossary.js';

export interface CreateJobResult {
  body: JobStatusBody;
  /** false when an Idempotency-Key matched an earlier submission. */
  created: boolean;
}

interface IdempotencyRow {
  partitionKey: string;
  rowKey: string;
  job_id: string;
  request_hash: string;
}

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
  services: Services,
  job: Pick<JobRow, 'partitionKey' | 'mode'>,
  orchestrations: JobOrchestrations | undefined,
): Promise<void> {
  const jobId = job.partitionKey;
  if (job.mode === 'durable') {
    if (!orchestrations) throw new DurableModeUnavailableError();
    await orchestrations.start(jobId, durableInputFor(jobId, services.config));
    return;
  }
  const message: PlanMessage = { kind: 'plan', job_id: jobId };
  await services.planQueue.sendMessage(encodeMessage(message));
}

/**
 * Records a job and hands listing to the planner queue (or, in durable mode, to the job's orchestration), so
 * the answer is quick whatever the container's size. With an Idempotency-Key the job id is reserved first; a
 * retry after any failure finds the reservation and finishes (or returns) the same job. Durable mode needs
 * `orchestrations` (the durable client); without it such a job is refused before anything is written.
 */
export async function createJob(
  services: Services,
  request: JobRequest,
  rawIdempotencyKey?: string,
  orchestrations?: JobOrchestrations,
): Promise<CreateJobResult> {
  const idempotencyKey = parseIdempotencyKey(rawIdempotencyKey);
  const mode = request.mode ?? services.config.processingMode;
  if (mode === 'durable' && !orchestrations) throw new DurableModeUnavailableError();
  // Reject a request that cannot run before it reserves its Idempotency-Key, so a corrected retry may reuse it.
  const source = services.storage.blobs.getContainerClient(request.sourceContainer);
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
  const glossary = await loadGlossary(services.storage.blobs, request);
  await services.storage.blobs.getContainerClient(request.targetContainer).createIfNotExists();
  const requestHash = sha256(JSON.stringify(request));
  let jobId: string = randomUUID();

  if (idempotencyKey) {
    const reservation: IdempotencyRow = {
      partitionKey: IDEMPOTENCY_PARTITION,
      rowKey: sha256(idempotencyKey),
      job_id: jobId,
      request_hash: requestHash,
    };
    try {
      await services.jobs.createEntity(reservation);
    } catch (error) {
      if (!isConflict(error)) throw error;
      const existing = await services.jobs.getEntity<IdempotencyRow>(
        reservation.partitionKey,
        reservation.rowKey,
      );
      if (existing.request_hash !== requestHash) {
        throw new ConflictError(
          'idempotency_key_reused',
          'This Idempotency-Key was already used for a different request.',
        );
      }
      jobId = existing.job_id;
      const snapshot = await readJobSnapshot(services.jobs, jobId);
      if (snapshot) {
        // The first attempt may have died before handing the job on; planning and starting are idempotent.
        if (snapshot.job.status === 'queued') await startProcessing(services, snapshot.job, orchestrations);
        return { body: toJobStatusBody(snapshot), created: false };
      }
    }
  }

  const at = services.now();
  const job: JobRow = {
    partitionKey: jobId,
    rowKey: 'job',
    source_container: request.sourceContainer,
    target_container: request.targetContainer,
    target_languages: JSON.stringify(request.targetLanguages),
    ...(request.sourceLanguage ? { source_language: request.sourceLanguage } : {}),
    prefix: request.prefix,
    ...(request.extensions ? { extensions: JSON.stringify(request.extensions) } : {}),
    ...(request.callbackUrl ? { callback_url: request.callbackUrl } : {}),
    ...(glossary ? { glossary: JSON.stringify(glossary) } : {}),
    ...(request.glossaryBlob ? { glossary_blob: request.glossaryBlob } : {}),
    ...(request.noTranslate ? { no_translate: JSON.stringify(request.noTranslate) } : {}),
    mode,
    status: 'queued',
    created_at: at.toISOString(),
    updated_at: at.toISOString(),
    index_row: indexRowOf(at.getTime(), jobId),
    shards: services.config.trackerShards,
    total: 0,
    planning_done: false,
    plan_page: 0,
    cancel_requested: false,
  };
  try {
    await createJobRows(services.jobs, job);
  } catch (error) {
    // A concurrent request with the same Idempotency-Key reserved this id and created the job first.
    if (!idempotencyKey || !isConflict(error)) throw error;
    const snapshot = await readJobSnapshot(services.jobs, jobId);
    if (!snapshot) throw error;
    return { body: toJobStatusBody(snapshot), created: false };
  }
  await startProcessing(services, job, orchestrations);
  const snapshot = await readJobSnapshot(services.jobs, jobId);
  if (!snapshot) throw new Error(`Job ${jobId} vanished right after creation`);
  return { body: toJobStatusBody(snapshot), created: true };
}
