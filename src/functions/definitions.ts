/**
 * Every function of the app, declared once. The Functions host registers these (index.ts) and the local
 * runtime (src/runtime) serves and consumes exactly the same names, routes, queues and handlers.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { SETTING } from '../lib/config.js';
import type { Services } from '../lib/services.js';
import { healthHandler } from './http/health.js';
import {
  cancelJobHandler,
  createJobHandler,
  getJobHandler,
  listJobFilesHandler,
  listJobsHandler,
} from './http/jobs.js';
import {
  planJobHandler,
  planJobPoisonHandler,
  translateFileHandler,
  translateFilePoisonHandler,
  type QueueHandler,
} from './queue/handlers.js';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface HttpFunctionDefinition {
  kind: 'http';
  name: string;
  route: string;
  methods: HttpMethod[];
  authLevel: 'anonymous' | 'function';
  handler: (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;
}

export interface QueueFunctionDefinition {
  kind: 'queue';
  name: string;
  /** A binding expression: `%SETTING%` is replaced with that app setting, as the host does. */
  queueName: string;
  connection: typeof SETTING.storage;
  handler: QueueHandler;
}

export type FunctionDefinition = HttpFunctionDefinition | QueueFunctionDefinition;

const setting = (name: string): string => `%${name}%`;

export function defineFunctions(services: () => Services): FunctionDefinition[] {
  const queue = (name: string, queueName: string, handler: QueueHandler): QueueFunctionDefinition => ({
    kind: 'queue',
    name,
    queueName,
    connection: SETTING.storage,
    handler,
  });
  return [
    {
      kind: 'http',
      name: 'createJob',
      route: 'jobs',
      methods: ['POST'],
      authLevel: 'function',
      handler: createJobHandler(services),
    },
    {
      kind: 'http',
      name: 'listJobs',
      route: 'jobs',
      methods: ['GET'],
      authLevel: 'function',
      handler: listJobsHandler(services),
    },
    {
      kind: 'http',
      name: 'getJob',
      route: 'jobs/{jobId}',
      methods: ['GET'],
      authLevel: 'function',
      handler: getJobHandler(services),
    },
    {
      kind: 'http',
      name: 'cancelJob',
      route: 'jobs/{jobId}',
      methods: ['DELETE'],
      authLevel: 'function',
      handler: cancelJobHandler(services),
    },
    {
      kind: 'http',
      name: 'listJobFiles',
      route: 'jobs/{jobId}/files',
      methods: ['GET'],
      authLevel: 'function',
      handler: listJobFilesHandler(services),
    },
    {
      kind: 'http',
      name: 'health',
      route: 'health',
      methods: ['GET'],
      authLevel: 'anonymous',
      handler: healthHandler(services),
    },
    queue('planJob', setting(SETTING.planQueue), planJobHandler(services)),
    queue('planJobPoison', `${setting(SETTING.planQueue)}-poison`, planJobPoisonHandler(services)),
    queue('translateFile', setting(SETTING.translationQueue), translateFileHandler(services)),
    queue(
      'translateFilePoison',
      `${setting(SETTING.translationQueue)}-poison`,
      translateFilePoisonHandler(services),
    ),
  ];
}
