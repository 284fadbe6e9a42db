import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SETTING_NAMES, loadConfig } from '../../src/lib/config.js';
import { configProblems, problemsAbout } from '../helpers/configProblems.js';

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
    ['PLANNER_QUEUE_HIGH_WATER', '0'],
    ['PLANNER_QUEUE_WAIT_SECONDS', '-1'],
    ['PLANNER_QUEUE_WAIT_SECONDS', '301'],
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
