import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SETTING, SETTING_NAMES, loadConfig, poisonQueueOf, type AppConfig } from '../../src/lib/config.js';
import { ConfigError } from '../../src/lib/errors.js';

const packageVersion = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** Runs loadConfig expecting a ConfigError and returns its problems. */
function configProblems(
  base: Record<string, string | undefined>,
  env: Record<string, string | undefined> = {},
) {
  let caught: unknown;
  try {
    loadConfig(base, env);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ConfigError, `expected a ConfigError, got ${String(caught)}`);
  assert.ok(Array.isArray(caught.problems));
  assert.ok(caught.problems.length > 0);
  for (const problem of caught.problems)
    assert.ok(caught.message.includes(problem), 'message lists every problem');
  return caught.problems;
}

const problemsAbout = (problems: string[], name: string): string[] =>
  problems.filter((p) => p.startsWith(`${name}:`));

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
      memory: { container: 'translation-memory' },
      maxFileBytes: 40 * 1024 * 1024,
      retryLaterMaxSeconds: 21_600,
      cancelGraceSeconds: 120,
      trackerShards: 8,
      plannerPageSize: 1000,
      plannerEnqueueConcurrency: 32,
      plannerEstimateConcurrency: 16,
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

void describe('loadConfig: storage', () => {
  void test('a connection string is used as is', () => {
    const cs =
      'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5;EndpointSuffix=core.windows.net';
    assert.deepEqual(loadConfig({ AzureWebJobsStorage: cs }, {}).storage, {
      kind: 'connectionString',
      connectionString: cs,
    });
  });

  void test('AzureWebJobsStorage__accountName builds the three service URIs', () => {
    assert.deepEqual(loadConfig({}, { AzureWebJobsStorage__accountName: 'myacct' }).storage, {
      kind: 'identity',
      blobServiceUri: 'https://myacct.blob.core.windows.net',
      queueServiceUri: 'https://myacct.queue.core.windows.net',
      tableServiceUri: 'https://myacct.table.core.windows.net',
    });
  });

  void test('an explicit service URI wins over the one derived from the account name', () => {
    const storage = loadConfig(
      {
        AzureWebJobsStorage__accountName: 'myacct',
        AzureWebJobsStorage__queueServiceUri: 'https://queues.example.net',
      },
      {},
    ).storage;
    assert.deepEqual(storage, {
      kind: 'identity',
      blobServiceUri: 'https://myacct.blob.core.windows.net',
      queueServiceUri: 'https://queues.example.net',
      tableServiceUri: 'https://myacct.table.core.windows.net',
    });
  });

  void test('all three service URIs without an account name are used', () => {
    const storage = loadConfig(
      {
        AzureWebJobsStorage__blobServiceUri: 'https://b.example.net',
        AzureWebJobsStorage__queueServiceUri: 'https://q.example.net',
        AzureWebJobsStorage__tableServiceUri: 'https://t.example.net',
      },
      {},
    ).storage;
    assert.deepEqual(storage, {
      kind: 'identity',
      blobServiceUri: 'https://b.example.net',
      queueServiceUri: 'https://q.example.net',
      tableServiceUri: 'https://t.example.net',
    });
  });

  void test('a user-assigned managed identity client id is passed on with credential=managedidentity', () => {
    const storage = loadConfig(
      {
        AzureWebJobsStorage__accountName: 'myacct',
        AzureWebJobsStorage__credential: 'managedidentity',
        AzureWebJobsStorage__clientId: '00000000-0000-0000-0000-000000000001',
      },
      {},
    ).storage;
    assert.equal(storage.kind, 'identity');
    assert.equal(
      storage.kind === 'identity' && storage.managedIdentityClientId,
      '00000000-0000-0000-0000-000000000001',
    );
  });

  void test('a client id without credential=managedidentity is not used', () => {
    const storage = loadConfig(
      { AzureWebJobsStorage__accountName: 'myacct', AzureWebJobsStorage__clientId: 'abc' },
      {},
    ).storage;
    assert.equal(storage.kind, 'identity');
    assert.ok(!('managedIdentityClientId' in storage));
  });

  void test('a connection string wins over identity settings', () => {
    const storage = loadConfig(
      { AzureWebJobsStorage: 'UseDevelopmentStorage=true', AzureWebJobsStorage__accountName: 'myacct' },
      {},
    ).storage;
    assert.deepEqual(storage, { kind: 'connectionString', connectionString: 'UseDevelopmentStorage=true' });
  });

  void test('some but not all service URIs is an error', () => {
    for (const partial of [
      { AzureWebJobsStorage__blobServiceUri: 'https://b.example.net' },
      {
        AzureWebJobsStorage__blobServiceUri: 'https://b.example.net',
        AzureWebJobsStorage__queueServiceUri: 'https://q.example.net',
      },
      { AzureWebJobsStorage__tableServiceUri: 'https://t.example.net' },
    ]) {
      const problems = configProblems(partial);
      assert.equal(problems.length, 1, JSON.stringify(problems));
      assert.match(problems[0] ?? '', /^AzureWebJobsStorage__\*: identity-based storage needs __accountName/);
    }
  });

  void test('malformed identity settings are errors', () => {
    assert.equal(
      problemsAbout(
        configProblems({ AzureWebJobsStorage__blobServiceUri: 'not a url' }),
        'AzureWebJobsStorage__blobServiceUri',
      ).length,
      1,
    );
    assert.equal(
      problemsAbout(
        configProblems({
          AzureWebJobsStorage__accountName: 'acct',
          AzureWebJobsStorage__credential: 'password',
        }),
        'AzureWebJobsStorage__credential',
      ).length,
      1,
    );
    assert.equal(
      problemsAbout(
        configProblems({ AzureWebJobsStorage__accountName: 'ab' }),
        'AzureWebJobsStorage__accountName',
      ).length,
      1,
    );
  });
});

void describe('loadConfig: validation', () => {
  void test('several invalid settings give one ConfigError listing all of them', () => {
    const problems = configProblems(
      {},
      { TRACKER_SHARDS: '0', PSEUDO_LATENCY_MS: 'abc', TRANSLATION_QUEUE: 'Bad_Name' },
    );
    assert.equal(problems.length, 3, JSON.stringify(problems));
    for (const name of ['TRACKER_SHARDS', 'PSEUDO_LATENCY_MS', 'TRANSLATION_QUEUE']) {
      assert.equal(problemsAbout(problems, name).length, 1, `${name} in ${JSON.stringify(problems)}`);
    }
  });

  void test('invalid settings and broken cross-setting rules are reported together', () => {
    const problems = configProblems({
      TRACKER_SHARDS: '0',
      AzureWebJobsStorage__blobServiceUri: 'https://b.example.net',
      TRANSLATION_QUEUE: 'same-queue',
      PLAN_QUEUE: 'same-queue',
    });
    assert.equal(problemsAbout(problems, 'TRACKER_SHARDS').length, 1, JSON.stringify(problems));
    assert.equal(problemsAbout(problems, 'AzureWebJobsStorage__*').length, 1, JSON.stringify(problems));
    assert.equal(problemsAbout(problems, 'PLAN_QUEUE').length, 1, JSON.stringify(problems));
    assert.equal(problems.length, 3, JSON.stringify(problems));
  });

  void test('an invalid queue name does not also produce a misleading "must differ" problem', () => {
    const problems = configProblems({ TRANSLATION_QUEUE: 'Bad_Name', PLAN_QUEUE: 'translation-jobs' });
    assert.deepEqual(
      problems.map((p) => p.split(':')[0]),
      ['TRANSLATION_QUEUE'],
    );
  });

  void test('PLAN_QUEUE equal to TRANSLATION_QUEUE is rejected', () => {
    const problems = configProblems({ TRANSLATION_QUEUE: 'work', PLAN_QUEUE: 'work' });
    assert.deepEqual(problems, ['PLAN_QUEUE: must differ from TRANSLATION_QUEUE']);
  });

  void test('PLAN_QUEUE set to the default translation queue name is rejected', () => {
    assert.deepEqual(
      problemsAbout(configProblems({}, { PLAN_QUEUE: 'translation-jobs' }), 'PLAN_QUEUE').length,
      1,
    );
  });

  const invalid: [string, string][] = [
    ['TRANSLATION_QUEUE', 'ab'],
    ['TRANSLATION_QUEUE', 'a--b'],
    ['TRANSLATION_QUEUE', '-abc'],
    ['TRANSLATION_QUEUE', 'abc-'],
    ['TRANSLATION_QUEUE', 'q'.repeat(57)],
    ['PLAN_QUEUE', 'Plan'],
    ['JOBS_TABLE', '1jobs'],
    ['JOBS_TABLE', 'jobs-table'],
    ['JOBS_TABLE', 'ab'],
    ['TRANSLATOR_PROVIDER', 'deepl'],
    ['PSEUDO_LATENCY_MS', '-1'],
    ['PSEUDO_LATENCY_MS', '60001'],
    ['MAX_FILE_BYTES', '0'],
    ['MAX_FILE_BYTES', String(1024 * 1024 * 1024 + 1)],
    ['TRACKER_SHARDS', '33'],
    ['TRACKER_SHARDS', '1.5'],
    ['PLANNER_PAGE_SIZE', '5001'],
    ['PLANNER_ENQUEUE_CONCURRENCY', '257'],
    ['PORT', '65536'],
    ['PORT', '-1'],
    ['BIND_ADDRESS', 'localhost'],
    ['BIND_ADDRESS', '0.0.0.0.0'],
    ['RUNTIME_MESSAGE_LEASE_SECONDS', '9'],
    ['RUNTIME_MESSAGE_LEASE_SECONDS', '601'],
    ['PROCESSING_MODE', 'Durable'],
    ['PROCESSING_MODE', 'batch'],
    ['DURABLE_MAX_PARALLEL', '0'],
    ['DURABLE_MAX_PARALLEL', '5001'],
    ['DURABLE_RETRY_FIRST_INTERVAL_MS', '0'],
    ['DURABLE_RETRY_FIRST_INTERVAL_MS', '3600001'],
    ['DURABLE_RETRY_MAX_ATTEMPTS', '0'],
    ['DURABLE_RETRY_MAX_ATTEMPTS', '101'],
    ['DURABLE_TASK_HUB', 'ab'],
    ['DURABLE_TASK_HUB', '1hub'],
    ['DURABLE_TASK_HUB', 'batch-translator'],
    ['DURABLE_TASK_HUB', 'h'.repeat(46)],
  ];
  for (const [name, value] of invalid) {
    void test(`${name}=${value.length > 20 ? `${value.slice(0, 10)}…(${value.length})` : value} is rejected`, () => {
      const problems = configProblems({}, { [name]: value });
      assert.deepEqual(
        problems.map((p) => p.split(':')[0]),
        [name],
      );
    });
  }

  void test('a queue name of 56 characters is accepted: the "-poison" queue still fits in 63', () => {
    const name = 'q'.repeat(56);
    const config = loadConfig({ TRANSLATION_QUEUE: name }, {});
    assert.equal(config.translationQueue, name);
    assert.equal(config.translationPoisonQueue.length, 63);
  });
});

void describe('local.settings.json.example', () => {
  const example = JSON.parse(
    readFileSync(new URL('../../local.settings.json.example', import.meta.url), 'utf8'),
  ) as {
    IsEncrypted?: unknown;
    Values?: Record<string, unknown>;
  };
  const values = example.Values ?? {};

  void test('is an unencrypted settings file for the node worker on Azurite', () => {
    assert.equal(example.IsEncrypted, false);
    assert.equal(values.FUNCTIONS_WORKER_RUNTIME, 'node');
    assert.equal(values.AzureWebJobsStorage, 'UseDevelopmentStorage=true');
  });

  void test('lists every setting config.ts reads under "Values"', () => {
    const missing = SETTING_NAMES.filter((name) => !(name in values));
    assert.deepEqual(missing, []);
  });

  void test('lists no setting that config.ts does not read', () => {
    const unknown = Object.keys(values).filter(
      (name) => name !== 'FUNCTIONS_WORKER_RUNTIME' && !SETTING_NAMES.includes(name),
    );
    assert.deepEqual(unknown, []);
  });

  void test('holds only string values, as the host requires', () => {
    for (const [name, value] of Object.entries(values)) assert.equal(typeof value, 'string', name);
  });

  void test('leaves identity-based storage settings empty', () => {
    for (const name of SETTING_NAMES.filter((n) => n.startsWith('AzureWebJobsStorage__'))) {
      assert.equal(values[name], '', name);
    }
  });

  void test('its values are the defaults', () => {
    assert.deepEqual(loadConfig(values as Record<string, string>, {}), loadConfig({}, {}));
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
