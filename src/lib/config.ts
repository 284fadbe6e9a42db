/**
 * The only module that reads the environment. Every setting is validated once, at start-up, and every
 * problem is reported together so a misconfigured deployment fails with one complete message.
 */
import { z } from 'zod';
import { ConfigError } from './errors.js';
import { packageVersion } from './packageVersion.js';
import { TRANSLATOR_PROVIDERS, resolveTranslatorSettings } from './translation/translatorSettings.js';
import type { AppConfig, StorageConnection, TelemetrySettings } from './configTypes.js';
import { envSchema, telemetrySchema } from './configSchema.js';

/** Names the Functions host resolves in trigger bindings (`%NAME%`); also read by the local runtime. */
export const SETTING = {
  storage: 'AzureWebJobsStorage',
  translationQueue: 'TRANSLATION_QUEUE',
  planQueue: 'PLAN_QUEUE',
  jobsTable: 'JOBS_TABLE',
  webhookQueue: 'WEBHOOK_QUEUE',
} as const;

export {
  DRY_RUN_MEASURERS,
  PROCESSING_MODES,
  type DryRunMeasurer,
  type ProcessingMode,
} from './configSchema.js';

export { TRANSLATOR_PROVIDERS, type TranslatorSettings } from './translation/translatorSettings.js';
export type {
  AppConfig,
  DurableSettings,
  PricingSettings,
  StorageConnection,
  TelemetrySettings,
  WebhookSettings,
} from './configTypes.js';

/**
 * What a dry run prices characters at when PRICE_PER_MILLION_CHARACTERS is unset: Azure Translator's S1
 * (pay-as-you-go) text translation list price, USD 10 per million characters; the free providers cost nothing.
 */
export const DEFAULT_PRICE_PER_MILLION_CHARACTERS: Record<(typeof TRANSLATOR_PROVIDERS)[number], number> = {
  azure: 10,
  apertium: 0,
  pseudo: 0,
};

/** The host names a poison queue after its source queue; it is not separately configurable. */
export const poisonQueueOf = (queue: string): string => `${queue}-poison`;

function resolveStorage(env: z.infer<typeof envSchema>, problems: string[]): StorageConnection {
  if (env.AzureWebJobsStorage) return { kind: 'connectionString', connectionString: env.AzureWebJobsStorage };
  const account = env.AzureWebJobsStorage__accountName;
  const blob =
    env.AzureWebJobsStorage__blobServiceUri ?? (account && `https://${account}.blob.core.windows.net`);
  const queue =
    env.AzureWebJobsStorage__queueServiceUri ?? (account && `https://${account}.queue.core.windows.net`);
  const table =
    env.AzureWebJobsStorage__tableServiceUri ?? (account && `https://${account}.table.core.windows.net`);
  const anyIdentitySetting = account || blob || queue || table;
  if (!anyIdentitySetting) {
    // Same default as `func start` with Azurite.
    return { kind: 'connectionString', connectionString: 'UseDevelopmentStorage=true' };
  }
  if (!blob || !queue || !table) {
    problems.push(
      'AzureWebJobsStorage__*: identity-based storage needs __accountName, or all of __blobServiceUri, __queueServiceUri and __tableServiceUri',
    );
  }
  return {
    kind: 'identity',
    blobServiceUri: blob ?? '',
    queueServiceUri: queue ?? '',
    tableServiceUri: table ?? '',
    ...(env.AzureWebJobsStorage__credential === 'managedidentity' && env.AzureWebJobsStorage__clientId
      ? { managedIdentityClientId: env.AzureWebJobsStorage__clientId }
      : {}),
  };
}

/** Every setting name this module reads; the drift tests compare it with the templates and examples. */
export const SETTING_NAMES: readonly string[] = Object.keys(envSchema.shape);

/**
 * Validates settings. `base` supplies lower-priority values (the local runtime passes local.settings.json's
 * `Values`, exactly as `func start` would); the process environment wins over it.
 */
export function loadConfig(
  base: Record<string, string | undefined> = {},
  env: Record<string, string | undefined> = process.env,
): AppConfig {
  const merged: Record<string, string | undefined> = { ...base };
  for (const name of SETTING_NAMES) {
    if (env[name] !== undefined && env[name] !== '') merged[name] = env[name];
  }
  for (const name of SETTING_NAMES) if (merged[name] === '') delete merged[name];

  const parsed = envSchema.safeParse(merged);
  const issues = parsed.success ? [] : parsed.error.issues;
  const problems = issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  // The cross-setting rules are checked even when some settings are invalid, so one message lists every
  // problem: invalid settings are left out (falling back to their defaults) for these checks.
  const invalid = new Set(issues.map((issue) => String(issue.path[0])));
  const e = parsed.success
    ? parsed.data
    : envSchema.parse(Object.fromEntries(Object.entries(merged).filter(([name]) => !invalid.has(name))));
  const storage = resolveStorage(e, problems);
  const queuesValid = !invalid.has(SETTING.translationQueue) && !invalid.has(SETTING.planQueue);
  if (queuesValid && e.TRANSLATION_QUEUE === e.PLAN_QUEUE) {
    problems.push('PLAN_QUEUE: must differ from TRANSLATION_QUEUE');
  }
  if (!invalid.has(SETTING.webhookQueue) && [e.TRANSLATION_QUEUE, e.PLAN_QUEUE].includes(e.WEBHOOK_QUEUE)) {
    problems.push('WEBHOOK_QUEUE: must differ from TRANSLATION_QUEUE and PLAN_QUEUE');
  }
  const translator = resolveTranslatorSettings(e, problems);
  if (e.CACHE_TABLE.toLowerCase() === e.JOBS_TABLE.toLowerCase())
    problems.push('CACHE_TABLE: must differ from JOBS_TABLE');
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    storage,
    translationQueue: e.TRANSLATION_QUEUE,
    translationPoisonQueue: poisonQueueOf(e.TRANSLATION_QUEUE),
    planQueue: e.PLAN_QUEUE,
    planPoisonQueue: poisonQueueOf(e.PLAN_QUEUE),
    jobsTable: e.JOBS_TABLE,
    translator,
    cache: { enabled: e.TRANSLATION_CACHE, table: e.CACHE_TABLE },
    memory: {
      enabled: e.SEGMENT_MEMORY,
      container: e.MEMORY_CONTAINER,
      maxSegments: e.SEGMENT_MEMORY_MAX_SEGMENTS,
    },
    maxFileBytes: e.MAX_FILE_BYTES,
    retryLaterMaxSeconds: e.RETRY_LATER_MAX_SECONDS,
    cancelGraceSeconds: e.CANCEL_GRACE_SECONDS,
    trackerShards: e.TRACKER_SHARDS,
    plannerPageSize: e.PLANNER_PAGE_SIZE,
    plannerEnqueueConcurrency: e.PLANNER_ENQUEUE_CONCURRENCY,
    plannerEstimateConcurrency: e.PLANNER_ESTIMATE_CONCURRENCY,
    dryRunMeasuredBy: e.DRY_RUN_MEASURED_BY,
    plannerQueueHighWater: e.PLANNER_QUEUE_HIGH_WATER,
    plannerQueueWaitSeconds: e.PLANNER_QUEUE_WAIT_SECONDS,
    allowHttpLoopbackCallbacks: e.ALLOW_HTTP_LOOPBACK_CALLBACKS,
    webhooks: {
      queue: e.WEBHOOK_QUEUE,
      poisonQueue: poisonQueueOf(e.WEBHOOK_QUEUE),
      ...(e.WEBHOOK_SIGNING_SECRET ? { signingSecret: e.WEBHOOK_SIGNING_SECRET } : {}),
      retryBaseSeconds: e.WEBHOOK_RETRY_BASE_SECONDS,
    },
    port: e.PORT,
    bindAddress: e.BIND_ADDRESS,
    runtimeMessageLeaseSeconds: e.RUNTIME_MESSAGE_LEASE_SECONDS,
    processingMode: e.PROCESSING_MODE,
    durable: {
      taskHub: e.DURABLE_TASK_HUB,
      maxParallel: e.DURABLE_MAX_PARALLEL,
      retryFirstIntervalMs: e.DURABLE_RETRY_FIRST_INTERVAL_MS,
      retryMaxAttempts: e.DURABLE_RETRY_MAX_ATTEMPTS,
    },
    parsing: {
      threads: e.PARSE_THREADS,
      timeLimitSeconds: e.PARSE_TIME_LIMIT_SECONDS,
      memoryLimitMb: e.PARSE_MEMORY_LIMIT_MB,
    },
    pricing:
      e.PRICE_PER_MILLION_CHARACTERS === undefined
        ? {
            perMillionCharacters: DEFAULT_PRICE_PER_MILLION_CHARACTERS[e.TRANSLATOR_PROVIDER],
            currency: 'USD',
          }
        : { perMillionCharacters: e.PRICE_PER_MILLION_CHARACTERS },
    version: packageVersion(),
  };
}

/**
 * The telemetry settings alone, read before anything else loads (the OpenTelemetry distro must start first).
 * `base` as for `loadConfig`. Never throws: an invalid value means no telemetry here, and `loadConfig` reports it with every other problem.
 */
export function loadTelemetrySettings(
  base: Record<string, string | undefined> = {},
  env: Record<string, string | undefined> = process.env,
): TelemetrySettings | undefined {
  const value = (name: keyof typeof telemetrySchema.shape) => env[name] || base[name] || undefined;
  const parsed = telemetrySchema.safeParse({
    APPLICATIONINSIGHTS_CONNECTION_STRING: value('APPLICATIONINSIGHTS_CONNECTION_STRING'),
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: value('APPLICATIONINSIGHTS_AUTHENTICATION_STRING'),
  });
  const connectionString = parsed.data?.APPLICATIONINSIGHTS_CONNECTION_STRING;
  if (!connectionString) return undefined;
  const authentication = parsed.data?.APPLICATIONINSIGHTS_AUTHENTICATION_STRING;
  if (!authentication) return { connectionString };
  const clientId = /(?:^|;)\s*ClientId=([^;]+)/i.exec(authentication)?.[1]?.trim();
  return { connectionString, entra: clientId ? { clientId } : {} };
}

/** Settings of the command-line client (`batch-translate`), which talks to a deployed or local API. */
export interface CliSettings {
  apiUrl: string;
  functionKey?: string;
  /** Used only to upload a local folder and download outputs. */
  storageConnectionString: string;
}

const cliSchema = z.object({
  BATCH_TRANSLATOR_URL: z.url().default('http://127.0.0.1:7071/api'),
  BATCH_TRANSLATOR_KEY: z.string().min(1).optional(),
  AzureWebJobsStorage: z.string().min(1).default('UseDevelopmentStorage=true'),
});

/** Command-line flags (`--url`, `--key`) win over the environment. */
export function loadCliSettings(
  flags: { url?: string; key?: string } = {},
  env: Record<string, string | undefined> = process.env,
): CliSettings {
  const merged = {
    BATCH_TRANSLATOR_URL: flags.url ?? env.BATCH_TRANSLATOR_URL,
    BATCH_TRANSLATOR_KEY: flags.key ?? env.BATCH_TRANSLATOR_KEY,
    AzureWebJobsStorage: env.AzureWebJobsStorage,
  };
  const defined = Object.fromEntries(
    Object.entries(merged).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = cliSchema.safeParse(defined);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  return {
    apiUrl: parsed.data.BATCH_TRANSLATOR_URL.replace(/\/+$/, ''),
    ...(parsed.data.BATCH_TRANSLATOR_KEY ? { functionKey: parsed.data.BATCH_TRANSLATOR_KEY } : {}),
    storageConnectionString: parsed.data.AzureWebJobsStorage,
  };
}
