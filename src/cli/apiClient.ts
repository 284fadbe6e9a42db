import type { JobStatusBody, FileStatusBody } from '../lib/jobs/jobStatusBody.js';

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
}

/** The HTTP API as the CLI uses it. Sends the function key as `x-functions-key` when one is given. */
export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly functionKey?: string,
  ) {}

  private async call<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...(this.functionKey ? { 'x-functions-key': this.functionKey } : {}),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      const reason = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new ApiError(
        0,
        'unreachable',
        `Cannot reach the API at ${this.baseUrl} (${reason}). Is it running? Try --url.`,
      );
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const error = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
      const hint = response.status === 401 ? ' (missing or wrong function key: use --key)' : '';
      throw new ApiError(
        response.status,
        error?.code ?? 'http_error',
        `${error?.message ?? `HTTP ${response.status}`}${hint}`,
      );
    }
    return parsed as T;
  }

  submit(body: JobRequestBody, idempotencyKey?: string): Promise<JobStatusBody> {
    return this.call('POST', '/jobs', body, idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {});
  }

  status(jobId: string): Promise<JobStatusBody> {
    return this.call('GET', `/jobs/${encodeURIComponent(jobId)}`);
  }

  list(
    options: { status?: string; limit?: number; continuation?: string } = {},
  ): Promise<{ jobs: JobStatusBody[]; continuation: string | null }> {
    const query = new URLSearchParams();
    if (options.status) query.set('status', options.status);
    if (options.limit) query.set('limit', String(options.limit));
    if (options.continuation) query.set('continuation', options.continuation);
    const suffix = query.size > 0 ? `?${query.toString()}` : '';
    return this.call('GET', `/jobs${suffix}`);
  }

  files(
    jobId: string,
    options: { status?: string; continuation?: string } = {},
  ): Promise<{ files: FileStatusBody[]; continuation: string | null }> {
    const query = new URLSearchParams({ limit: '1000' });
    if (options.status) query.set('status', options.status);
    if (options.continuation) query.set('continuation', options.continuation);
    return this.call('GET', `/jobs/${encodeURIComponent(jobId)}/files?${query.toString()}`);
  }

  cancel(jobId: string): Promise<JobStatusBody> {
    return this.call('DELETE', `/jobs/${encodeURIComponent(jobId)}`);
  }
}
