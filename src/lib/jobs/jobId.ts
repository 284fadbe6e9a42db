import { ValidationError } from '../errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Job ids are lowercase UUIDs; anything else is rejected before it reaches storage. */
export function parseJobId(value: string | undefined): string {
  if (!value || !UUID.test(value)) {
    throw new ValidationError(
      'job_id must be a job id returned by POST /api/jobs.',
      undefined,
      'invalid_job_id',
    );
  }
  return value;
}
