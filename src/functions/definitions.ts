/**
 * Every function of the app, declared once. The Functions host registers these (index.ts) and the local
 * runtime (src/runtime) serves and consumes exactly the same names, routes, queues and handlers. The durable
 * mode's orchestration and activities are declared here too; only the host can run them.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext, Timer } from '@azure/functions';
import type { OrchestrationHandler } from 'durable-functions';
import { SETTING } from '../lib/config.js';
import { DURABLE } from '../lib/durable/names.js';
import type { Services } from '../lib/services.js';
import { activityHandlers, translateJobHandler, type ActivityHandler } from './durable/handlers.js';
import { healthHandler } from './http/health.js';
import {
  cancelJobHandler,
  retryJobHandler,
  createJobHandler,
  getJobHandler,
  listJobFilesHandler,
  listJobsHandler,
  type OrchestrationsOf,
} from './http/jobs.js';
import {
  planJobHandler,
  planJobPoisonHandler,
  translateFileHandler,
  translateFilePoisonHandler,
  type QueueHandler,
} from './queue/handlers.js';
import { deliverWebhookHandler, deliverWebhookPoisonHandler } from './queue/webhooks.js';
import { exportTmxHandler } from './http/tmx.js';
import { uiHandler } from './http/ui.js';
import { readyHandler } from './http/ready.js';
import { measureQueuesHandler } from './timer/measureQueues.js';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface HttpFunctionDefinition {
  kind: 'http';
  name: string;
  route: string;
  methods: HttpMethod[];
  authLevel: 'anonymous' | 'function';
  /** Gets the durable client input binding (createJob and cancelJob, for durable-mode jobs). */
  durableClient?: true;
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

export interface TimerFunctionDefinition {
  kind: 'timer';
  name: string;
  /** Runs every this many minutes: the host's NCRONTAB schedule and the local runtime's clock both derive from it. */
  everyMinutes: number;
  handler: (timer: Timer, context: InvocationContext) => Promise<void>;
}

/** The host's six-field NCRONTAB expression (seconds first) for a timer definition. */
export const timerSchedule = (definition: TimerFunctionDefinition): string =>
  `0 */${definition.everyMinutes} * * * *`;

export interface OrchestrationFunctionDefinition {
  kind: 'orchestration';
  name: string;
  handler: OrchestrationHandler;
}

export interface ActivityFunctionDefinition {
  kind: 'activity';
  name: string;
  handler: ActivityHandler;
}

export type FunctionDefinition =
  | HttpFunctionDefinition
  | QueueFunctionDefinition
  | TimerFunctionDefinition
  | OrchestrationFunctionDefinition
  | ActivityFunctionDefinition;

export interface DefineOptions {
  /** How handlers reach the durable client: set by the host entry point, absent in the local runtime. */
  orchestrations?: OrchestrationsOf;
}

const setting = (name: string): string => `%${name}%`;

export function defineFunctions(services: () => Services, options: DefineOptions = {}): FunctionDefinition[] {
  const { orchestrations } = options;
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
      durableClient: true,
      handler: createJobHandler(services, orchestrations),
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
      durableClient: true,
      handler: cancelJobHandler(services, orchestrations),
    },
    {
      kind: 'http',
      name: 'retryJob',
      route: 'jobs/{jobId}/retry',
      methods: ['POST'],
      authLevel: 'function',
      handler: retryJobHandler(services),
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
      name: 'exportTmx',
      route: 'jobs/{jobId}/tmx',
      methods: ['GET'],
      authLevel: 'function',
      handler: exportTmxHandler(services),
    },
    {
      kind: 'http',
      name: 'health',
      route: 'health',
      methods: ['GET'],
      authLevel: 'anonymous',
      handler: healthHandler(services),
    },
    {
      kind: 'http',
      name: 'ready',
      route: 'ready',
      methods: ['GET'],
      authLevel: 'anonymous',
      handler: readyHandler(services),
    },
    {
      kind: 'http',
      name: 'ui',
      route: 'ui',
      methods: ['GET'],
      authLevel: 'anonymous',
      handler: uiHandler(),
    },
    queue('planJob', setting(SETTING.planQueue), planJobHandler(services)),
    queue('planJobPoison', `${setting(SETTING.planQueue)}-poison`, planJobPoisonHandler(services)),
    queue('translateFile', setting(SETTING.translationQueue), translateFileHandler(services)),
    queue(
      'translateFilePoison',
      `${setting(SETTING.translationQueue)}-poison`,
      translateFilePoisonHandler(services),
    ),
    queue('deliverWebhook', setting(SETTING.webhookQueue), deliverWebhookHandler(services)),
    queue(
      'deliverWebhookPoison',
      `${setting(SETTING.webhookQueue)}-poison`,
      deliverWebhookPoisonHandler(services),
    ),
    { kind: 'timer', name: 'measureQueues', everyMinutes: 1, handler: measureQueuesHandler(services) },
    { kind: 'orchestration', name: DURABLE.orchestration, handler: translateJobHandler },
    ...Object.entries(activityHandlers(services)).map(([name, handler]): ActivityFunctionDefinition => ({
      kind: 'activity',
      name,
      handler,
    })),
  ];
}
