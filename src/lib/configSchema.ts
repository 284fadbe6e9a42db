/**
 * The settings' schema: every environment variable the app reads, its type, bounds and default. Only
 * config.ts applies it to the environment.
 */
import { z } from 'zod';
import { TRANSLATOR_PROVIDERS } from './translation/translatorSettings.js';

/** `queue`: planner and workers on Storage queues. `durable`: one Durable Functions orchestration per job. */
export const PROCESSING_MODES = ['queue', 'durable'] as const;
/** Who measures a queue-mode dry run's items: the planner as it lists a page, or workers through the queue. */
export const DRY_RUN_MEASURERS = ['planner', 'workers'] as const;
export type DryRunMeasurer = (typeof DRY_RUN_MEASURERS)[number];
export type ProcessingMode = (typeof PROCESSING_MODES)[number];

const positiveInt = (fallback: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(1).max(max).default(fallback);

// Queue names: 3-63 chars, lowercase letters, digits, single hyphens. Room is left for "-poison".
const queueName = z
  .string()
  .regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,54}[a-z0-9]$/, 'must be a valid queue name of at most 56 characters');
const tableName = z.string().regex(/^[A-Za-z][A-Za-z0-9]{2,62}$/, 'must be a valid table name');
const flag = z
  .enum(['true', 'false', '1', '0'])
  .default('false')
  .transform((v) => v === 'true' || v === '1');

// Application Insights, read by the Functions host too. The authentication string is the host's format,
// `Authorization=AAD;ClientId=<managed identity client id>`: with it, telemetry is sent with Entra ID.
export const telemetrySchema = z.object({
  APPLICATIONINSIGHTS_CONNECTION_STRING: z
    .string()
    .regex(
      /(^|;)\s*(InstrumentationKey|IngestionEndpoint)=/i,
      'must be an Application Insights connection string',
    )
    .optional(),
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: z
    .string()
    .regex(
      /(^|;)\s*Authorization=AAD\s*(;|$)/i,
      'must be "Authorization=AAD" with an optional ";ClientId=<id>"',
    )
    .optional(),
});

export const envSchema = z.object({
  AzureWebJobsStorage: z.string().min(1).optional(),
  AzureWebJobsStorage__accountName: z
    .string()
    .regex(/^[a-z0-9]{3,24}$/, 'must be a storage account name (3-24 lowercase letters and digits)')
    .optional(),
  AzureWebJobsStorage__blobServiceUri: z.url().optional(),
  AzureWebJobsStorage__queueServiceUri: z.url().optional(),
  AzureWebJobsStorage__tableServiceUri: z.url().optional(),
  AzureWebJobsStorage__credential: z.enum(['managedidentity']).optional(),
  AzureWebJobsStorage__clientId: z.string().min(1).optional(),
  TRANSLATION_QUEUE: queueName.default('translation-jobs'),
  PLAN_QUEUE: queueName.default('translation-plan'),
  JOBS_TABLE: tableName.default('translationjobs'),
  TRANSLATOR_PROVIDER: z.enum(TRANSLATOR_PROVIDERS).default('pseudo'),
  PSEUDO_LATENCY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  AZURE_TRANSLATOR_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  AZURE_TRANSLATOR_KEY: z.string().min(1).optional(),
  AZURE_TRANSLATOR_REGION: z
    .string()
    .regex(/^[a-z0-9]+$/, 'must be an Azure region such as "westeurope"')
    .optional(),
  AZURE_TRANSLATOR_CLIENT_ID: z.string().min(1).optional(),
  // Where the adaptive quota limit starts (characters/s; S1's 40 M/hour is about 11,100/s); it adapts from there.
  AZURE_TRANSLATOR_START_CHARS_PER_SECOND: positiveInt(11_000, 10_000_000),
  APERTIUM_URL: z.url({ protocol: /^https?$/ }).optional(),
  APERTIUM_SOURCE_LANGUAGE: z.string().min(2).max(20).default('en'),
  TRANSLATOR_CONCURRENCY: positiveInt(4, 64),
  TRANSLATOR_TIMEOUT_MS: positiveInt(30_000, 600_000),
  TRANSLATOR_RETRY_BUDGET_SECONDS: positiveInt(120, 540),
  TRANSLATION_CACHE: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  CACHE_TABLE: tableName.default('translationcache'),
  // The segment memory (src/lib/memory): per (source file, language) what the last run translated, segment
  // by segment, so a re-run sends only new or changed segments.
  SEGMENT_MEMORY: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  MEMORY_CONTAINER: z
    .string()
    .regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, 'must be a valid blob container name')
    .default('translation-memory'),
  // A file with more segments than this keeps no map (its re-runs still use the file cache).
  SEGMENT_MEMORY_MAX_SEGMENTS: positiveInt(50_000, 10_000_000),
  // A throttled item waits at most this long in all (six hours: several of Translator's hourly quota windows).
  RETRY_LATER_MAX_SECONDS: z.coerce.number().int().min(60).max(604_800).default(21_600),
  // After a cancel, items still without an outcome this long are counted cancelled even if no message comes.
  CANCEL_GRACE_SECONDS: z.coerce.number().int().min(0).max(3600).default(120),
  MAX_FILE_BYTES: positiveInt(40 * 1024 * 1024, 1024 * 1024 * 1024),
  TRACKER_SHARDS: positiveInt(8, 32),
  PLANNER_PAGE_SIZE: positiveInt(1000, 5000),
  PLANNER_ENQUEUE_CONCURRENCY: positiveInt(32, 256),
  PLANNER_ESTIMATE_CONCURRENCY: positiveInt(16, 128),
  // `workers` spreads a large dry run's parsing over the instances the queue trigger scales out to.
  DRY_RUN_MEASURED_BY: z.enum(DRY_RUN_MEASURERS).default('planner'),
  // Planning holds a job's next page while the translation queue has this many messages or more: two default
  // pages, so workers always have a page or two to chew on while the next one is listed and enqueued.
  PLANNER_QUEUE_HIGH_WATER: positiveInt(2000, 10_000_000),
  // How long a held plan message stays invisible before it looks at the queue again.
  PLANNER_QUEUE_WAIT_SECONDS: z.coerce.number().int().min(0).max(300).default(5),
  ALLOW_HTTP_LOOPBACK_CALLBACKS: flag,
  WEBHOOK_QUEUE: queueName.default('translation-webhooks'),
  // An unresolved Key Vault reference reaches the app as its literal text: that is no secret, so it counts as unset.
  WEBHOOK_SIGNING_SECRET: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .transform((v) => (v?.startsWith('@Microsoft.KeyVault(') ? undefined : v)),
  WEBHOOK_RETRY_BASE_SECONDS: z.coerce.number().int().min(0).max(3600).default(10),
  PORT: z.coerce.number().int().min(0).max(65535).default(7071), // 0: any free port
  // Loopback by default; a container or VM worker listens on 0.0.0.0 so probes and scrapers reach it.
  BIND_ADDRESS: z.union([z.ipv4(), z.ipv6()]).default('127.0.0.1'),
  RUNTIME_MESSAGE_LEASE_SECONDS: z.coerce.number().int().min(10).max(600).default(60),
  PROCESSING_MODE: z.enum(PROCESSING_MODES).default('queue'),
  // host.json names the task hub %DURABLE_TASK_HUB%; the Azure Storage provider's rules for a hub name.
  DURABLE_TASK_HUB: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9]{2,44}$/, 'must be 3-45 letters and digits, starting with a letter')
    .default('batchtranslator'),
  DURABLE_MAX_PARALLEL: positiveInt(200, 5000),
  DURABLE_RETRY_FIRST_INTERVAL_MS: positiveInt(5000, 3_600_000),
  DURABLE_RETRY_MAX_ATTEMPTS: positiveInt(5, 100),
  PARSE_THREADS: positiveInt(2, 64),
  PARSE_TIME_LIMIT_SECONDS: positiveInt(60, 3600),
  PARSE_MEMORY_LIMIT_MB: z.coerce.number().int().min(64).max(16_384).default(1024),
  ...telemetrySchema.shape,
  // Unset: the provider's list price (see DEFAULT_PRICE_PER_MILLION_CHARACTERS); dry runs multiply by it.
  PRICE_PER_MILLION_CHARACTERS: z.coerce.number().min(0).max(1_000_000).optional(),
});
