import { randomUUID } from 'node:crypto';
import ky, { HTTPError, TimeoutError, type KyInstance } from 'ky';
import type { JobStatusBody, FileStatusBody } from '../lib/jobs/jobStatusBody.js';
import { apiBaseUrl } from './apiBaseUrl.js';
import { DEFAULT_RETRY_POLICY, failureReason, retryOptions, type RetryPolicy } from './retryPolicy.js';

/** An error answer from the API, or no answer at all. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface JobRequestBody {
  source_container: string;
  target_container: string;
  target_languages: string[];
  source_language?: string;
  prefix?: string;
  mark_as_draft?: boolean;
  dry_run?: boolean;
  max_characters?: number;
  overwrite_edits?: boolean;
}

export interface ApiClientOptions {
  retry?: Partial<RetryPolicy>;
  /** Per attempt; an attempt that times out is retried like a reset one. */
  timeoutMs?: number;
  /** Told of each retry before its back-off, so the CLI can say why it pauses. */
  onRetry?: (note: string) => void;
}

interface CallOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Whether repeating the request is safe: reads, and the writes the API makes idempotent. */
  retried: boolean;
}

/**
 * The HTTP API as the CLI uses it. Sends the function key as `x-functions-key` when one is given.
 *
 * Retries connection failures (reset, refused, closed, timed out) and 408/429/502/503/504 answers, honouring
 * Retry-After, with exponential back-off and jitter (`RetryPolicy`). Reads are retried, and so are the writes
 * the API makes idempotent: a submission carries an Idempotency-Key, so a repeat returns the same job, and
 * cancelling a job that is already cancelled or being cancelled is a no-op that returns it.
 */
export class ApiClient {
  private readonly http: KyInstance;
  private readonly policy: RetryPolicy;
  private readonly baseUrl: string;

  /** `baseUrl`: the function app's address, with or without `/api` (see `apiBaseUrl`). */
  constructor(
    baseUrl: string,
    functionKey?: string,
    private readonly options: ApiClientOptions = {},
  ) {
    this.baseUrl = apiBaseUrl(baseUrl);
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.http = ky.create({
      timeout: options.timeoutMs ?? 60_000,
      headers: functionKey ? { 'x-functions-key': functionKey } : {},
    });
  }

  /** The answer to a request, retried as `retried` allows; an error answer becomes an ApiError. */
  private async send(
    method: string,
    path: string,
    { body, headers, retried }: CallOptions,
  ): Promise<Response> {
    let retries = 0;
    let response: Response;
    const url = `${this.baseUrl}${path}`;
    try {
      response = await this.http(url, {
        method,
        ...(headers ? { headers } : {}),
        ...(body === undefined ? {} : { json: body }),
        retry: retryOptions(this.policy, method, retried),
        hooks: {
          beforeRetry: [
            ({ error, retryCount }) => {
              retries = retryCount;
              this.options.onRetry?.(
                `${method} ${path}: ${failureReason(error)}; retry ${retryCount} of ${this.policy.retries}`,
              );
            },
          ],
        },
      });
    } catch (error) {
      if (!(error instanceof HTTPError)) throw this.noAnswer(error, retries, url);
      response = error.response;
    }
    if (response.ok) return response;
    const parsed = parseJson(await response.text());
    const error = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
    const tries = retries > 0 ? ` (after ${retries + 1} attempts)` : '';
    throw new ApiError(
      response.status,
      error?.code ?? 'http_error',
      `${error?.message ?? `HTTP ${response.status}`}${hintFor(response.status, error?.code, method, url)}${tries}`,
    );
  }

  private async call<T>(method: string, path: string, options: CallOptions): Promise<T> {
    const response = await this.send(method, path, options);
    return parseJson(await response.text()) as T;
  }

  /** Names the URL tried, so a wrong --url shows itself. */
  private noAnswer(error: unknown, retries: number, url: string): ApiError {
    const tries = retries > 0 ? `, ${retries + 1} attempts` : '';
    if (error instanceof TimeoutError)
      return new ApiError(0, 'timeout', `The API at ${url} did not answer in time${tries}.`);
    return new ApiError(
      0,
      'unreachable',
      `Cannot reach the API at ${url} (${failureReason(error)}${tries}). Is it running? Try --url.`,
    );
  }

  /** The Idempotency-Key, one per submission, makes it safe to retry: a repeat answers with the same job. */
  submit(body: JobRequestBody, idempotencyKey: string = randomUUID()): Promise<JobStatusBody> {
    return this.call('POST', '/jobs', {
      body,
      headers: { 'Idempotency-Key': idempotencyKey },
      retried: true,
    });
  }

  status(jobId: string): Promise<JobStatusBody> {
    return this.call('GET', `/jobs/${encodeURIComponent(jobId)}`, { retried: true });
  }

  list(
    options: { status?: string; limit?: number; continuation?: string } = {},
  ): Promise<{ jobs: JobStatusBody[]; continuation: string | null }> {
    const query = new URLSearchParams();
    if (options.status) query.set('status', options.status);
    if (options.limit) query.set('limit', String(options.limit));
    if (options.continuation) query.set('continuation', options.continuation);
    const suffix = query.size > 0 ? `?${query.toString()}` : '';
    return this.call('GET', `/jobs${suffix}`, { retried: true });
  }

  files(
    jobId: string,
    options: { status?: string; continuation?: string } = {},
  ): Promise<{ files: FileStatusBody[]; continuation: string | null }> {
    const query = new URLSearchParams({ limit: '1000' });
    if (options.status) query.set('status', options.status);
    if (options.continuation) query.set('continuation', options.continuation);
    return this.call('GET', `/jobs/${encodeURIComponent(jobId)}/files?${query.toString()}`, {
      retried: true,
    });
  }

  /**
   * Re-runs a finished job's failed files (and cancelled ones with `includeCancelled`). Safe to repeat: a
   * repeat while the round is still queueing its files joins it.
   */
  retry(jobId: string, includeCancelled = false): Promise<JobStatusBody> {
    return this.call('POST', `/jobs/${encodeURIComponent(jobId)}/retry`, {
      body: includeCancelled ? { include_cancelled: true } : {},
      retried: true,
    });
  }

  cancel(jobId: string): Promise<JobStatusBody> {
    return this.call('DELETE', `/jobs/${encodeURIComponent(jobId)}`, { retried: true });
  }

  /** A job's translations into `language` as TMX: the body as it streams in. */
  async tmx(jobId: string, language: string): Promise<ReadableStream<Uint8Array>> {
    const query = new URLSearchParams({ target_language: language });
    const response = await this.send('GET', `/jobs/${encodeURIComponent(jobId)}/tmx?${query.toString()}`, {
      retried: true,
    });
    if (!response.body) throw new ApiError(response.status, 'http_error', 'The TMX answer had no body.');
    return response.body;
  }
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What to add to an error answer so the user can act on it: a 404 that is not about a job (the route itself
 * is unknown, or the answer is not the API's) names the URL tried, since the usual cause is a wrong --url.
 */
function hintFor(status: number, code: string | undefined, method: string, url: string): string {
  if (status === 401) return ' (missing or wrong function key: use --key)';
  if (status === 404 && code !== 'job_not_found')
    return ` (${method} ${url}; is --url / BATCH_TRANSLATOR_URL the function app's address?)`;
  return '';
}
