import type { TableClient } from '@azure/data-tables';
import { isConflict } from '../errors.js';
import { IDEMPOTENCY_PARTITION, sha256 } from './keys.js';

interface IdempotencyRow {
  partitionKey: string;
  rowKey: string;
  job_id: string;
  request_hash: string;
}

export type Reservation =
  | { kind: 'reserved' }
  /** The key was reserved before: by which job, for which request body. */
  | { kind: 'taken'; jobId: string; requestHash: string };

/** Reserves an Idempotency-Key for `jobId`, or tells who holds it. Keys are stored hashed. */
export async function reserveIdempotencyKey(
  table: TableClient,
  key: string,
  jobId: string,
  requestHash: string,
): Promise<Reservation> {
  const row: IdempotencyRow = {
    partitionKey: IDEMPOTENCY_PARTITION,
    rowKey: sha256(key),
    job_id: jobId,
    request_hash: requestHash,
  };
  try {
    await table.createEntity(row);
    return { kind: 'reserved' };
  } catch (error) {
    if (!isConflict(error)) throw error;
  }
  const existing = await table.getEntity<IdempotencyRow>(row.partitionKey, row.rowKey);
  return { kind: 'taken', jobId: existing.job_id, requestHash: existing.request_hash };
}
