/**
 * No configuration drift between the code and its deployment. The app's settings schema (SETTING_NAMES in
 * src/lib/config.ts, read at test time, so a new setting fails here until it is deployed), the local example
 * settings, and the Bicep templates in infra/bicep must agree in both directions; so must the queues and table
 * the code uses and the ones the templates create. A few security and shape rules of the templates are pinned
 * too, since no Bicep compiler runs in CI. The templates are read as text (./bicepText.ts).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SETTING, SETTING_NAMES, TRANSLATOR_PROVIDERS, loadConfig } from '../../src/lib/config.js';
import { appQueueNames, appTableNames } from '../../src/lib/storage/ensureResources.js';
import { evaluateString, objectEntries, stringArrayVar } from './bicepText.js';
import {
  readText,
  main,
  mainModule,
  NOT_SET_IN_AZURE,
  HOST_SETTINGS,
  LOCAL_HOST_SETTINGS,
  bicepSettings,
  literalSettings,
  queueDefinitions,
} from './driftFixtures.js';

void describe('settings: src/lib/config.ts, main.bicep and local.settings.json.example agree', () => {
  void test('main.bicep sets every setting the app reads, except the listed local-only and alternative ones', () => {
    const settings = bicepSettings();
    const missing = SETTING_NAMES.filter((name) => !(name in NOT_SET_IN_AZURE) && !settings.has(name));
    assert.deepEqual(
      missing,
      [],
      `add these to main.bicep's appSettings (or, with a reason, to NOT_SET_IN_AZURE): ${missing.join(', ')}`,
    );
  });

  void test('the settings left out of main.bicep are settings the app reads, and main.bicep really leaves them out', () => {
    const settings = bicepSettings();
    for (const name of Object.keys(NOT_SET_IN_AZURE)) {
      assert.ok(
        SETTING_NAMES.includes(name),
        `NOT_SET_IN_AZURE lists ${name}, which the app no longer reads`,
      );
      assert.ok(!settings.has(name), `main.bicep sets ${name}, which NOT_SET_IN_AZURE says it must not`);
    }
  });

  void test('main.bicep sets no setting that neither the app nor the host reads', () => {
    const unknown = [...bicepSettings().keys()].filter(
      (name) => !SETTING_NAMES.includes(name) && !(name in HOST_SETTINGS),
    );
    assert.deepEqual(unknown, [], `main.bicep sets settings nothing reads: ${unknown.join(', ')}`);
    for (const name of Object.keys(HOST_SETTINGS))
      assert.ok(bicepSettings().has(name), `main.bicep sets ${name}`);
  });

  void test('local.settings.json.example lists every setting the app reads, and nothing else', () => {
    const example = JSON.parse(readText('local.settings.json.example')) as { Values: Record<string, string> };
    const names = Object.keys(example.Values);
    const missing = SETTING_NAMES.filter((name) => !names.includes(name));
    const unknown = names.filter((name) => !SETTING_NAMES.includes(name) && !(name in LOCAL_HOST_SETTINGS));
    assert.deepEqual(missing, [], `add to local.settings.json.example: ${missing.join(', ')}`);
    assert.deepEqual(
      unknown,
      [],
      `local.settings.json.example has settings nothing reads: ${unknown.join(', ')}`,
    );
    assert.doesNotThrow(() => loadConfig(example.Values, {}), 'the example is a valid configuration');
  });

  void test("the README's settings table names every setting the app reads", () => {
    const table = readText('README.md').split('\n## Settings')[1]?.split('\n## ')[0] ?? '';
    // A row may name the storage connection's variants by their suffix after the first: `__clientId`.
    const documented = (name: string) =>
      table.includes(`\`${name}\``) ||
      table.includes(`\`${name.replace(/^AzureWebJobsStorage(?=__)/, '')}\``);
    const missing = SETTING_NAMES.filter((name) => !documented(name));
    assert.deepEqual(missing, [], `add to the README's Settings table: ${missing.join(', ')}`);
  });

  void test('the values main.bicep spells out pass the settings schema', () => {
    const known = literalSettings();
    // The ones computed during deployment (the identity's client id, the telemetry connection string, the
    // account name built from a hash) cannot be read here; the rest must be.
    for (const name of [
      SETTING.translationQueue,
      SETTING.planQueue,
      SETTING.jobsTable,
      'CACHE_TABLE',
      'TRANSLATOR_CONCURRENCY',
    ]) {
      assert.ok(name in known, `${name} is a literal in main.bicep`);
    }
    assert.equal(known.AzureWebJobsStorage__credential, 'managedidentity');
    // The Translator endpoint is the deployed resource's output; any custom-subdomain endpoint stands in for it.
    const deployed = {
      ...known,
      AZURE_TRANSLATOR_ENDPOINT: 'https://tr-example.cognitiveservices.azure.com/',
    };
    assert.doesNotThrow(() => loadConfig(deployed, {}), `main.bicep's values: ${JSON.stringify(known)}`);
  });

  void test('the provider parameter offers only providers the app knows, wired to the Translator resource', () => {
    const settings = bicepSettings();
    assert.equal(settings.get('TRANSLATOR_PROVIDER'), 'translatorProvider');
    const allowed = /@allowed\(\[([^\]]*)\]\)\s*param translatorProvider string/.exec(main.text)?.[1] ?? '';
    const values = [...allowed.matchAll(/'([^']+)'/g)].map((m) => m[1]);
    assert.ok(
      values.length > 0 && values.every((v) => (TRANSLATOR_PROVIDERS as readonly string[]).includes(v ?? '')),
    );
    assert.equal(settings.get('AZURE_TRANSLATOR_ENDPOINT'), 'translator.outputs.endpoint');
    assert.equal(settings.get('AZURE_TRANSLATOR_CLIENT_ID'), 'identity.outputs.clientId');
  });

  void test('the telemetry settings use the managed identity', () => {
    const settings = bicepSettings();
    assert.match(
      settings.get('APPLICATIONINSIGHTS_AUTHENTICATION_STRING') ?? '',
      /ClientId=.*;Authorization=AAD/,
    );
    assert.equal(
      settings.get('APPLICATIONINSIGHTS_AUTHENTICATION_STRING')?.includes('identity.outputs.clientId'),
      true,
    );
    assert.equal(settings.get('AzureWebJobsStorage__clientId'), 'identity.outputs.clientId');
  });
});

void describe('queues and tables: the code and the templates agree', () => {
  const config = loadConfig({}, {});
  const queueNames = stringArrayVar(main, 'queueNames');
  const tableNames = stringArrayVar(main, 'tableNames');

  void test('main.bicep creates exactly the queues and the tables the code uses', () => {
    assert.deepEqual([...queueNames].sort(), appQueueNames(config).sort());
    assert.deepEqual([...tableNames].sort(), appTableNames(config).sort());
  });

  void test('the app settings name the same queues and table', () => {
    const settings = bicepSettings();
    const value = (name: string) => evaluateString(main, settings.get(name) ?? "''");
    assert.equal(value(SETTING.translationQueue), config.translationQueue);
    assert.equal(value(SETTING.planQueue), config.planQueue);
    assert.equal(value(SETTING.webhookQueue), config.webhooks.queue);
    assert.equal(value(SETTING.jobsTable), config.jobsTable);
    assert.equal(value('CACHE_TABLE'), config.cache.table);
  });

  void test('every queue trigger, with its %SETTING% resolved as the host does, listens to a created queue', () => {
    const settings = bicepSettings();
    const queueTriggers = queueDefinitions().filter((definition) => definition.kind === 'queue');
    assert.ok(queueTriggers.length > 0);
    for (const trigger of queueTriggers) {
      const resolved = trigger.queueName.replace(/%(\w+)%/g, (_, name: string) => {
        const value = evaluateString(main, settings.get(name) ?? "''");
        assert.ok(value, `${trigger.name}: main.bicep sets ${name} to a readable value`);
        return value;
      });
      assert.ok(
        queueNames.includes(resolved),
        `${trigger.name} listens to ${resolved}, which main.bicep creates`,
      );
    }
  });

  void test('the storage module creates one queue and one table per name it is given', () => {
    const params = objectEntries(mainModule('storage').params);
    assert.equal(params.get('queueNames'), 'queueNames');
    assert.equal(params.get('tableNames'), 'tableNames');
    const storage = readText('infra/bicep/modules/storage.bicep');
    assert.match(
      storage,
      /resource \w+ 'Microsoft\.Storage\/storageAccounts\/queueServices\/queues@[^']+' = \[\s*for (\w+) in queueNames: \{\s*parent: \w+\s*name: \1\s/,
    );
    assert.match(
      storage,
      /resource \w+ 'Microsoft\.Storage\/storageAccounts\/tableServices\/tables@[^']+' = \[\s*for (\w+) in tableNames: \{\s*parent: \w+\s*name: \1\s/,
    );
  });
});
