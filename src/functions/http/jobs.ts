import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { PayloadTooLargeError } from '../../lib/errors.js';
import { cancelJob } from '../../lib/jobs/cancelJob.js';
import { createJob } from '../../lib/jobs/createJob.js';
import { getJob } from '../../lib/jobs/getJob.js';
import { MAX_REQUEST_BYTES, parseJsonBody } from '../../lib/http/jsonBody.js';
import { parseJobRequest } from '../../lib/jobs/jobRequest.js';
import { listJobFiles } from '../../lib/jobs/listJobFiles.js';
import { listJobs } from '../../lib/jobs/listJobs.js';
import { parseRetryRequest, retryJob } from '../../lib/jobs/retryJob.js';
import { checkCallbackUrl } from '../../lib/webhooks/callbackTarget.js';
import type { JobOrchestrations } from '../../lib/durable/jobOrchestrations.js';
import type { Services } from '../../lib/services.js';
import { guarded, json } from './respond.js';

type Handler = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

/** The durable client of an invocation; absent where there is no Functions host (the local runtime). */
export type OrchestrationsOf = (context: InvocationContext) => JobOrchestrations | undefined;

const listParams = (request: HttpRequest) => ({
  status: request.query.get('status'),
  limit: request.query.get('limit'),
  continuation: request.query.get('continuation'),
});

export function createJobHandler(services: () => Services, orchestrations?: OrchestrationsOf): Handler {
  return (request, context) =>
    guarded(context, async () => {
      const declared = Number(request.headers.get('content-length') ?? '0');
      if (declared > MAX_REQUEST_BYTES) throw new PayloadTooLargeError(MAX_REQUEST_BYTES);
      const s = services();
      // The bytes, not text(): text() would read bytes that are not UTF-8 as U+FFFD instead of refusing them.
      const bytes = new Uint8Array(await request.arrayBuffer());
      const jobRequest = parseJobRequest(parseJsonBody(bytes), {
        allowHttpLoopbackCallbacks: s.config.allowHttpLoopbackCallbacks,
      });
      await checkCallbackUrl(jobRequest.callbackUrl, s.config);
      const { body, created } = await createJob(
        s,
        jobRequest,
        request.headers.get('idempotency-key') ?? undefined,
        orchestrations?.(context),
      );
      return json(202, body, {
        Location: `/api/jobs/${body.job_id}`,
        ...(created ? {} : { 'Idempotent-Replayed': 'true' }),
      });
    });
}

export function getJobHandler(services: () => Services): Handler {
  return (request, context) =>
    guarded(context, async () => json(200, await getJob(services(), request.params.jobId)));
}

export function listJobsHandler(services: () => Services): Handler {
  return (request, context) =>
    guarded(context, async () => json(200, await listJobs(services(), listParams(request))));
}

export function listJobFilesHandler(services: () => Services): Handler {
  return (request, context) =>
    guarded(context, async () =>
      json(200, await listJobFiles(services(), request.params.jobId, listParams(request))),
    );
}

export function cancelJobHandler(services: () => Services, orchestrations?: OrchestrationsOf): Handler {
  return (request, context) =>
    guarded(context, async () =>
      json(202, await cancelJob(services(), request.params.jobId, orchestrations?.(context))),
    );
}

/** JSON whitespace only: a retry's body is optional. */
const isBlank = (bytes: Uint8Array): boolean =>
  bytes.every((b) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d);

export function retryJobHandler(services: () => Services): Handler {
  return (request, context) =>
    guarded(context, async () => {
      const declared = Number(request.headers.get('content-length') ?? '0');
      if (declared > MAX_REQUEST_BYTES) throw new PayloadTooLargeError(MAX_REQUEST_BYTES);
      const bytes = new Uint8Array(await request.arrayBuffer());
      const options = parseRetryRequest(isBlank(bytes) ? undefined : parseJsonBody(bytes));
      return json(202, await retryJob(services(), request.params.jobId, options));
    });
}
