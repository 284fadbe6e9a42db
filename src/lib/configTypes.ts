/**
 * The shape of the validated settings (`loadConfig` in config.ts builds it): what every module reads instead of
 * the environment.
 */
import type { DryRunMeasurer, ProcessingMode } from './config.js';
import type { TranslatorSettings } from './translation/translatorSettings.js';
import type { ParseSettings } from './worker/parsing/parsePool.js';

/** The price a dry run's estimate is given in; `currency` only when it is the documented default's. */
export interface PricingSettings {
  perMillionCharacters: number;
  currency?: string;
}

export type StorageConnection =
  | { kind: 'connectionString'; connectionString: string }
  | {
      kind: 'identity';
      blobServiceUri: string;
      queueServiceUri: string;
      tableServiceUri: string;
      managedIdentityClientId?: string;
    };

export interface AppConfig {
  storage: StorageConnection;
  translationQueue: string;
  translationPoisonQueue: string;
  planQueue: string;
  planPoisonQueue: string;
  jobsTable: string;
  translator: TranslatorSettings;
  /** Reuse an earlier output for identical content, language, provider, glossary and format rules. */
  cache: { enabled: boolean; table: string };
  /**
   * The segment memory: reuse unchanged segments of a file's last run (`container` holds one map blob per
   * source file and target language; a file with more than `maxSegments` segments keeps none).
   */
  memory: { enabled: boolean; container: string; maxSegments: number };
  maxFileBytes: number;
  /** Total delay an item may spend waiting at a provider's request before it fails `retries_exhausted`. */
  retryLaterMaxSeconds: number;
  /** Seconds after a cancel (queue mode) before items whose messages never came are counted cancelled. */
  cancelGraceSeconds: number;
  trackerShards: number;
  plannerPageSize: number;
  plannerEnqueueConcurrency: number;
  /** Items of a dry run's page measured at once inside the planner. */
  plannerEstimateConcurrency: number;
  /**
   * Queue mode: `planner` measures a dry run's page as it is listed (no message per item, one instance's
   * CPU); `workers` sends each item through the translation queue like a real job's, so the parsing is spread
   * over every instance that listens to it (a message, receive and delete per item).
   */
  dryRunMeasuredBy: DryRunMeasurer;
  /** The planner lists no new page while the translation queue holds this many messages or more. */
  plannerQueueHighWater: number;
  /** How long a plan message held back by a full translation queue waits before it looks again. */
  plannerQueueWaitSeconds: number;
  allowHttpLoopbackCallbacks: boolean;
  webhooks: WebhookSettings;
  port: number;
  /** Address the local runtime's HTTP server listens on (`npm run serve`). */
  bindAddress: string;
  runtimeMessageLeaseSeconds: number;
  /** The default for jobs that do not choose (`"mode"` in the request). */
  processingMode: ProcessingMode;
  durable: DurableSettings;
  /** The parse threads: how many, and the time and memory one step on one part of a file may take. */
  parsing: ParseSettings;
  pricing: PricingSettings;
  version: string;
}

/** Durable mode: how many item activities run at once per job, and the retry policy of every activity. */
export interface DurableSettings {
  /** The task hub (host.json `%DURABLE_TASK_HUB%`): its containers are the app's own (reservedContainers.ts). */
  taskHub: string;
  maxParallel: number;
  retryFirstIntervalMs: number;
  retryMaxAttempts: number;
}

/** Completion webhooks: the queue deliveries go through, the HMAC secret (none: callback_url is refused). */
export interface WebhookSettings {
  queue: string;
  poisonQueue: string;
  signingSecret?: string;
  /** Delay before the first retry; doubled for each further one. */
  retryBaseSeconds: number;
}

/** Where the app's own telemetry goes (src/lib/telemetry/azureMonitor.ts); absent: nowhere. */
export interface TelemetrySettings {
  connectionString: string;
  /** Send with Microsoft Entra ID: the user-assigned identity's client id, or DefaultAzureCredential. */
  entra?: { clientId?: string };
}
