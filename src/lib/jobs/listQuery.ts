import { ValidationError } from '../errors.js';

export interface ListQuery {
  status?: string;
  limit: number;
  continuation?: string;
}

/** `?status=&limit=&continuation=` shared by the list endpoints. */
export function parseListQuery(
  params: { status?: string | null; limit?: string | null; continuation?: string | null },
  allowedStatuses: readonly string[],
  defaults: { limit: number; max: number },
): ListQuery {
  const query: ListQuery = { limit: defaults.limit };
  if (params.status) {
    if (!allowedStatuses.includes(params.status)) {
      throw new ValidationError(
        `status must be one of: ${allowedStatuses.join(', ')}.`,
        undefined,
        'invalid_status',
      );
    }
    query.status = params.status;
  }
  if (params.limit) {
    const limit = Number(params.limit);
    if (!/^\d+$/.test(params.limit) || limit < 1 || limit > defaults.max) {
      throw new ValidationError(
        `limit must be an integer from 1 to ${defaults.max}.`,
        undefined,
        'invalid_limit',
      );
    }
    query.limit = limit;
  }
  if (params.continuation) query.continuation = params.continuation;
  return query;
}
