/**
 * Counts every storage request the app makes, on every client (blob, queue, table), at each client's own
 * pipeline: what a piece of work really costs in calls. Each call is named by service and operation and, when
 * it runs inside `stages.run(stage, ...)`, by the stage it belongs to (AsyncLocalStorage), so production code
 * knows nothing of the counting. Table queries also count the entities they return.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import {
  BlobServiceClient,
  newPipeline as newBlobPipeline,
  type HttpOperationResponse,
  type RequestPolicy,
  type RequestPolicyFactory,
  type WebResource,
} from '@azure/storage-blob';
import { QueueServiceClient, newPipeline as newQueuePipeline } from '@azure/storage-queue';
import type { StorageConnection } from '../../src/lib/config.js';
import { createStorageClients, type StorageClients } from '../../src/lib/storage/clients.js';
import { classifyBlob, classifyQueue, classifyTable, type Classified } from './storageOperations.js';

export type Service = 'blob' | 'queue' | 'table';

export interface StorageCall extends Classified {
  service: Service;
  /** The stage it ran in (`stages.run`), if any. */
  stage?: string;
  status: number;
  /** From the request leaving this client's pipeline policy to its response (or error) coming back. */
  ms: number;
  /** performance.now() when the response came back: places the call in a run's timeline. */
  at: number;
}

/** Where calls are attributed: `run(stage, work)` marks every storage call `work` makes, however deep. */
export class Stages {
  private readonly storage = new AsyncLocalStorage<string>();

  run<T>(stage: string, work: () => T): T {
    return this.storage.run(stage, work);
  }

  current(): string | undefined {
    return this.storage.getStore();
  }
}

export class StorageCallLog {
  readonly calls: StorageCall[] = [];

  constructor(readonly stages: Stages = new Stages()) {}

  add(call: StorageCall): void {
    this.calls.push(call);
  }

  reset(): void {
    this.calls.length = 0;
  }

  count(where: (call: StorageCall) => boolean = () => true): number {
    return this.calls.filter(where).length;
  }

  /** Entities the table queries and reads returned. */
  entities(where: (call: StorageCall) => boolean = () => true): number {
    return this.calls.filter(where).reduce((sum, call) => sum + (call.entities ?? 0), 0);
  }
}

interface SeenRequest {
  method: string;
  url: string;
}
interface SeenResponse {
  status: number;
  bodyAsText?: string | null;
}

/** A failed request still cost a call: its status is on the error the SDK throws (0 when none came back). */
const statusOf = (error: unknown): number =>
  (error as { statusCode?: unknown }).statusCode === undefined
    ? 0
    : Number((error as { statusCode?: unknown }).statusCode);

function recorder(
  log: StorageCallLog,
  service: Service,
  classify: (request: SeenRequest, response: SeenResponse) => Classified,
) {
  return (request: SeenRequest, response: SeenResponse, ms: number) => {
    const stage = log.stages.current();
    log.add({
      service,
      status: response.status,
      ms,
      at: performance.now(),
      ...(stage ? { stage } : {}),
      ...classify(request, response),
    });
  };
}

/** A v1 request policy factory (what the blob and queue SDKs' Pipeline takes) that records each call. */
function legacyCountingFactory(
  record: (request: SeenRequest, response: SeenResponse, ms: number) => void,
): RequestPolicyFactory {
  return {
    create: (next: RequestPolicy): RequestPolicy => ({
      async sendRequest(request: WebResource): Promise<HttpOperationResponse> {
        const started = performance.now();
        try {
          const response = await next.sendRequest(request);
          record(request, response, performance.now() - started);
          return response;
        } catch (error) {
          record(request, { status: statusOf(error) }, performance.now() - started);
          throw error;
        }
      },
    }),
  };
}

function countingTablePolicy(
  record: (request: SeenRequest, response: SeenResponse, ms: number) => void,
): PipelinePolicy {
  return {
    name: 'countStorageCalls',
    async sendRequest(request, next) {
      const started = performance.now();
      try {
        const response = await next(request);
        record(request, response, performance.now() - started);
        return response;
      } catch (error) {
        record(request, { status: statusOf(error) }, performance.now() - started);
        throw error;
      }
    },
  };
}

/**
 * The app's storage clients, built as in production, with every request recorded in `log`. Pass `storage`
 * to createServices and every call the services make is counted.
 */
export function countingStorageClients(
  connection: StorageConnection,
  log: StorageCallLog = new StorageCallLog(),
): { storage: StorageClients; log: StorageCallLog } {
  const base = createStorageClients(connection);
  const blobPath = new URL(base.blobs.url).pathname;
  const recordBlob = recorder(log, 'blob', (request) =>
    classifyBlob(request.method, new URL(request.url), blobPath),
  );
  // The pipeline keeps its credential aside from its factories: add the counter to them, in place.
  const blobPipeline = newBlobPipeline(base.blobs.credential);
  blobPipeline.factories.push(legacyCountingFactory(recordBlob));
  const blobs = new BlobServiceClient(base.blobs.url, blobPipeline);
  const queuePath = new URL(base.queues.url).pathname;
  const recordQueue = recorder(log, 'queue', (request, response) =>
    classifyQueue(request.method, new URL(request.url), queuePath, response.bodyAsText ?? undefined),
  );
  // The queue client keeps its credential to itself; one account, one credential (both SDKs share its class).
  const queuePipeline = newQueuePipeline(base.blobs.credential);
  queuePipeline.factories.push(legacyCountingFactory(recordQueue));
  const queues = new QueueServiceClient(base.queues.url, queuePipeline);
  return {
    log,
    storage: {
      blobs,
      queues,
      table(name) {
        const client = base.table(name);
        const tablePath = new URL(client.url).pathname;
        const recordTable = recorder(log, 'table', (request, response) =>
          classifyTable(
            request.method,
            new URL(request.url),
            tablePath,
            name,
            response.status,
            response.bodyAsText ?? undefined,
          ),
        );
        client.pipeline.addPolicy(countingTablePolicy(recordTable));
        return client;
      },
      queue: (name) => queues.getQueueClient(name),
    },
  };
}
