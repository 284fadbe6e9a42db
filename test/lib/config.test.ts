import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SETTING, SETTING_NAMES, loadConfig, poisonQueueOf, type AppConfig } from '../../src/lib/config.js';
import { configProblems, problemsAbout } from '../helpers/configProblems.js';

const packageVersion = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

void describe('loadConfig: defaults', () => {
  void test('an empty configuration gives the documented defaults', () => {
    const expected: AppConfig = {
      storage: { kind: 'connectionString', connectionString: 'UseDevelopmentStorage=true' },
      translationQueue: 'translation-jobs',
      translationPoisonQueue: 'translation-jobs-poison',
      planQueue: 'translation-plan',
      planPoisonQueue: 'translation-plan-poison',
      jobsTable: 'translationjobs',
      translator: { provider: 'pseudo', pseudoLatencyMs: 0 },
      cache: { enabled: true, table: 'translationcache' },
      memory: { enabled: true, container: 'translation-memory', maxSegments: 50_000 },
      maxFileBytes: 40 * 1024 * 1024,
      retryLaterMaxSeconds: 21_600,
      cancelGraceSeconds: 120,
      trackerShards: 8,
      plannerPageSize: 1000,
      plannerEnqueueConcurrency: 32,
      plannerEstimateConcurrency: 16,
      dryRunMeasuredBy: 'planner',
      plannerQueueHighWater: 2000,
      plannerQueueWaitSeconds: 5,
      allowHttpLoopbackCallbacks: false,
      webhooks: {
        queue: 'translation-webhooks',
        poisonQueue: 'translation-webhooks-poison',
        retryBaseSeconds: 10,
      },
      port: 7071,
      bindAddress: '127.0.0.1',
      runtimeMessageLeaseSeconds: 60,
      processingMode: 'queue',
      durable: {
        taskHub: 'batchtranslator',
        maxParallel: 200,
        retryFirstIntervalMs: 5000,
        retryMaxAttempts: 5,
      },
      parsing: { threads: 2, timeLimitSeconds: 60, memoryLimitMb: 1024 },
      pricing: { perMillionCharacters: 0, currency: 'USD' },
      version: packageVersion,
    };
    assert.deepEqual(loadConfig({}, {}), expected);
  });

  void test('dry-run prices: the provider list price unless PRICE_PER_MILLION_CHARACTERS is set', () => {
    const azure = {
      TRANSLATOR_PROVIDER: 'azure',
      AZURE_TRANSLATOR_ENDPOINT: 'https://example.cognitiveservices.azure.com',
      AZURE_TRANSLATOR_KEY: 'k',
      AZURE_TRANSLATOR_REGION: 'westeurope',
    };
    assert.deepEqual(loadConfig(azure, {}).pricing, { perMillionCharacters: 10, currency: 'USD' });
    assert.deepEqual(loadConfig({ ...azure, PRICE_PER_MILLION_CHARACTERS: '7.5' }, {}).pricing, {
      perMillionCharacters: 7.5,
    });
    assert.deepEqual(loadConfig({ PRICE_PER_MILLION_CHARACTERS: '0' }, {}).pricing, {
      perMillionCharacters: 0,
    });
    assert.ok(
      configProblems({ PRICE_PER_MILLION_CHARACTERS: '-1' }).some((p) => p.startsWith('PRICE_PER_MILLION')),
    );
  });

  void test('the version is the one in package.json', () => {
    assert.match(packageVersion, /^\d+\.\d+\.\d+/);
    assert.equal(loadConfig({}, {}).version, packageVersion);
  });

  void test('poison queues are named after their source queue', () => {
    assert.equal(poisonQueueOf('abc'), 'abc-poison');
    const config = loadConfig({ TRANSLATION_QUEUE: 'work-items', PLAN_QUEUE: 'plans' }, {});
    assert.equal(config.translationPoisonQueue, 'work-items-poison');
    assert.equal(config.planPoisonQueue, 'plans-poison');
  });

  void test('empty strings count as unset, in base and in env', () => {
    const blank = Object.fromEntries(SETTING_NAMES.map((name) => [name, '']));
    assert.deepEqual(loadConfig(blank, blank), loadConfig({}, {}));
  });

  void test('SETTING names the settings the host resolves, and all of them are read', () => {
    for (const name of Object.values(SETTING)) assert.ok(SETTING_NAMES.includes(name), name);
    assert.equal(new Set(SETTING_NAMES).size, SETTING_NAMES.length);
  });
});

void describe('loadConfig: sources', () => {
  void test('base values are used', () => {
    const config = loadConfig(
      { TRANSLATION_QUEUE: 'base-jobs', TRACKER_SHARDS: '4', PSEUDO_LATENCY_MS: '25' },
      {},
    );
    assert.equal(config.translationQueue, 'base-jobs');
    assert.equal(config.trackerShards, 4);
    assert.deepEqual(config.translator, { provider: 'pseudo', pseudoLatencyMs: 25 });
  });

  void test('env overrides base, setting by setting', () => {
    const config = loadConfig(
      { TRANSLATION_QUEUE: 'base-jobs', PLAN_QUEUE: 'base-plan', JOBS_TABLE: 'basetable' },
      { TRANSLATION_QUEUE: 'env-jobs', JOBS_TABLE: 'envtable' },
    );
    assert.equal(config.translationQueue, 'env-jobs');
    assert.equal(config.planQueue, 'base-plan');
    assert.equal(config.jobsTable, 'envtable');
  });

  void test('an empty env value does not hide the base value', () => {
    assert.equal(
      loadConfig({ TRANSLATION_QUEUE: 'base-jobs' }, { TRANSLATION_QUEUE: '' }).translationQueue,
      'base-jobs',
    );
  });

  void test('env overrides the storage connection string from base', () => {
    const config = loadConfig(
      { AzureWebJobsStorage: 'UseDevelopmentStorage=true' },
      { AzureWebJobsStorage: 'Env=1' },
    );
    assert.deepEqual(config.storage, { kind: 'connectionString', connectionString: 'Env=1' });
  });

  void test('env names that are not settings are ignored', () => {
    assert.deepEqual(
      loadConfig({}, { SOMETHING_ELSE: 'x', translation_queue: 'Bad_Name' }),
      loadConfig({}, {}),
    );
  });

  void test('base values that are not settings (such as FUNCTIONS_WORKER_RUNTIME) are ignored', () => {
    assert.deepEqual(loadConfig({ FUNCTIONS_WORKER_RUNTIME: 'node', Other: 'x' }, {}), loadConfig({}, {}));
  });

  void test('numbers and flags are parsed from strings', () => {
    const config = loadConfig(
      {
        MAX_FILE_BYTES: '1024',
        TRACKER_SHARDS: '32',
        PLANNER_PAGE_SIZE: '5000',
        PLANNER_ENQUEUE_CONCURRENCY: '1',
        PLANNER_QUEUE_HIGH_WATER: '50',
        PLANNER_QUEUE_WAIT_SECONDS: '0',
        PORT: '0',
        RUNTIME_MESSAGE_LEASE_SECONDS: '10',
        PSEUDO_LATENCY_MS: '60000',
        PROCESSING_MODE: 'durable',
        DURABLE_TASK_HUB: 'OtherHub2',
        DURABLE_MAX_PARALLEL: '5000',
        DURABLE_RETRY_FIRST_INTERVAL_MS: '1',
        DURABLE_RETRY_MAX_ATTEMPTS: '100',
      },
      { ALLOW_HTTP_LOOPBACK_CALLBACKS: 'true' },
    );
    assert.equal(config.maxFileBytes, 1024);
    assert.equal(config.trackerShards, 32);
    assert.equal(config.plannerPageSize, 5000);
    assert.equal(config.plannerEnqueueConcurrency, 1);
    assert.equal(config.plannerQueueHighWater, 50);
    assert.equal(config.plannerQueueWaitSeconds, 0);
    assert.equal(config.port, 0);
    assert.equal(config.runtimeMessageLeaseSeconds, 10);
    assert.deepEqual(config.translator, { provider: 'pseudo', pseudoLatencyMs: 60000 });
    assert.equal(config.allowHttpLoopbackCallbacks, true);
    assert.equal(config.processingMode, 'durable');
    assert.deepEqual(config.durable, {
      taskHub: 'OtherHub2',
      maxParallel: 5000,
      retryFirstIntervalMs: 1,
      retryMaxAttempts: 100,
    });
  });

  void test('ALLOW_HTTP_LOOPBACK_CALLBACKS accepts true/false/1/0 only', () => {
    const flag = (value: string) =>
      loadConfig({ ALLOW_HTTP_LOOPBACK_CALLBACKS: value }, {}).allowHttpLoopbackCallbacks;
    assert.equal(flag('true'), true);
    assert.equal(flag('1'), true);
    assert.equal(flag('false'), false);
    assert.equal(flag('0'), false);
    for (const bad of ['yes', 'TRUE', 'on']) {
      assert.equal(
        problemsAbout(configProblems({ ALLOW_HTTP_LOOPBACK_CALLBACKS: bad }), 'ALLOW_HTTP_LOOPBACK_CALLBACKS')
          .length,
        1,
      );
    }
  });
});

void describe('loadConfig: webhooks', () => {
  void test('the signing secret is optional, at least 16 characters, and an unresolved Key Vault reference counts as unset', () => {
    assert.equal(loadConfig({}, {}).webhooks.signingSecret, undefined);
    assert.equal(
      loadConfig({ WEBHOOK_SIGNING_SECRET: 'a-long-enough-secret' }, {}).webhooks.signingSecret,
      'a-long-enough-secret',
    );
    assert.equal(
      loadConfig(
        { WEBHOOK_SIGNING_SECRET: '@Microsoft.KeyVault(VaultName=kv;SecretName=webhook-signing-secret)' },
        {},
      ).webhooks.signingSecret,
      undefined,
    );
    assert.equal(
      problemsAbout(configProblems({ WEBHOOK_SIGNING_SECRET: 'short' }), 'WEBHOOK_SIGNING_SECRET').length,
      1,
    );
  });

  void test('the webhook queue must differ from the other queues', () => {
    const problems = configProblems({ WEBHOOK_QUEUE: 'translation-jobs' });
    assert.equal(problemsAbout(problems, 'WEBHOOK_QUEUE').length, 1);
  });
});

void describe('loadConfig: translation providers', () => {
  void test('azure with a key on the global endpoint', () => {
    const config = loadConfig(
      {
        TRANSLATOR_PROVIDER: 'azure',
        AZURE_TRANSLATOR_ENDPOINT: 'https://api.cognitive.microsofttranslator.com/',
        AZURE_TRANSLATOR_KEY: 'k',
        AZURE_TRANSLATOR_REGION: 'westeurope',
      },
      {},
    );
    assert.deepEqual(config.translator, {
      provider: 'azure',
      endpoint: 'https://api.cognitive.microsofttranslator.com',
      key: 'k',
      region: 'westeurope',
      startCharsPerSecond: 11_000,
      concurrency: 4,
      timeoutMs: 30_000,
      retryBudgetMs: 120_000,
    });
  });

  void test('azure with Entra ID needs the custom-subdomain endpoint; every problem is reported at once', () => {
    const problems = configProblems({
      TRANSLATOR_PROVIDER: 'azure',
      AZURE_TRANSLATOR_ENDPOINT: 'https://api.cognitive.microsofttranslator.com',
      TRANSLATOR_CONCURRENCY: '0',
      CACHE_TABLE: 'translationjobs',
    });
    assert.equal(problemsAbout(problems, 'AZURE_TRANSLATOR_ENDPOINT').length, 1);
    assert.equal(problemsAbout(problems, 'TRANSLATOR_CONCURRENCY').length, 1);
    assert.equal(problemsAbout(problems, 'CACHE_TABLE').length, 1);
  });

  void test('azure and apertium name their missing endpoint', () => {
    assert.equal(
      problemsAbout(configProblems({ TRANSLATOR_PROVIDER: 'azure' }), 'AZURE_TRANSLATOR_ENDPOINT').length,
      1,
    );
    assert.equal(
      problemsAbout(configProblems({ TRANSLATOR_PROVIDER: 'apertium' }), 'APERTIUM_URL').length,
      1,
    );
  });

  void test('apertium with its default source language; the cache can be turned off', () => {
    const config = loadConfig(
      { TRANSLATOR_PROVIDER: 'apertium', APERTIUM_URL: 'http://127.0.0.1:2737/', TRANSLATION_CACHE: 'false' },
      {},
    );
    assert.deepEqual(config.translator, {
      provider: 'apertium',
      url: 'http://127.0.0.1:2737',
      defaultSourceLanguage: 'en',
      concurrency: 4,
      timeoutMs: 30_000,
      retryBudgetMs: 120_000,
    });
    assert.equal(config.cache.enabled, false);
  });
});
