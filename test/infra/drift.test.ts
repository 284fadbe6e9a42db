/**
 * No configuration drift between the code and its deployment. The app's settings schema (SETTING_NAMES in
 * src/lib/config.ts, read at test time, so a new setting fails here until it is deployed), the local example
 * settings, and the Bicep templates in infra/bicep must agree in both directions; so must the queues and table
 * the code uses and the ones the templates create. A few security and shape rules of the templates are pinned
 * too, since no Bicep compiler runs in CI. The templates are read as text (./bicepText.ts).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SETTING, SETTING_NAMES, TRANSLATOR_PROVIDERS, loadConfig } from '../../src/lib/config.js';
import { defineFunctions } from '../../src/functions/definitions.js';
import { appQueueNames, appTableNames } from '../../src/lib/storage/ensureResources.js';
import { ignoredBy } from '../../scripts/deploymentPackage.js';
import {
  entry,
  evaluateString,
  importPaths,
  modules,
  objectEntries,
  parseBicep,
  resourceOfType,
  resources,
  stringArrayVar,
  topLevelItems,
  varValue,
  type BicepFile,
  type ModuleDeclaration,
} from './bicepText.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const readText = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const bicep = (path: string): BicepFile => parseBicep(readText(path));

const main = bicep('infra/bicep/main.bicep');
const mainModule = (symbol: string): ModuleDeclaration => {
  const found = modules(main).find((m) => m.symbol === symbol);
  assert.ok(found, `main.bicep declares module ${symbol}`);
  return found;
};

// ---------------------------------------------------------------------------------------------------------
// Allowlists. Each name has a reason, and the tests below fail when an entry goes stale.
// ---------------------------------------------------------------------------------------------------------

/** Settings the app reads that main.bicep deliberately leaves unset in Azure. */
const NOT_SET_IN_AZURE: Record<string, string> = {
  AzureWebJobsStorage:
    'connection-string form, for Azurite locally; Azure uses the identity form (__accountName, __credential, ' +
    '__clientId) because shared keys are disabled on the account',
  AzureWebJobsStorage__blobServiceUri: 'alternative to __accountName: explicit endpoints (private endpoints)',
  AzureWebJobsStorage__queueServiceUri:
    'alternative to __accountName: explicit endpoints (private endpoints)',
  AzureWebJobsStorage__tableServiceUri:
    'alternative to __accountName: explicit endpoints (private endpoints)',
  PORT: 'local runtime only (npm run serve): the Functions host owns the port in Azure',
  RUNTIME_MESSAGE_LEASE_SECONDS: 'local runtime only: the Functions host manages message visibility in Azure',
  BIND_ADDRESS: 'local runtime only (npm run serve): the Functions host owns the listener in Azure',
  AZURE_TRANSLATOR_KEY: 'key auth is disabled on the Translator resource; the app uses its managed identity',
  APERTIUM_URL: 'Apertium is the offline provider for local runs and CI; Azure uses the Translator resource',
  APERTIUM_SOURCE_LANGUAGE: 'Apertium only (see APERTIUM_URL)',
};

/** App settings main.bicep sets that the app does not read, because the Functions host does. */
// APPLICATIONINSIGHTS_CONNECTION_STRING and _AUTHENTICATION_STRING are read by the host and, for the app's own
// metrics (src/lib/telemetry), by config.ts too.
const HOST_SETTINGS: Record<string, string> = {
  PRUNE_DEV_DEPENDENCIES: 'the remote build (Oryx) ships production dependencies only',
};

/** Keys of local.settings.json.example that the app does not read, because Core Tools does. */
const LOCAL_HOST_SETTINGS: Record<string, string> = {
  FUNCTIONS_WORKER_RUNTIME:
    '`func start` picks the Node.js worker from it (Flex Consumption uses functionAppConfig)',
};

/** Built-in roles the app's identity needs (ids from the Functions host reference), and where. */
const IDENTITY_ROLES = [
  { role: 'Storage Blob Data Owner', id: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b', module: 'storage' },
  { role: 'Storage Queue Data Contributor', id: '974c5e8b-45b9-4653-ba55-5f855dd0fb88', module: 'storage' },
  { role: 'Storage Table Data Contributor', id: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3', module: 'storage' },
  { role: 'Cognitive Services User', id: 'a97b65f3-24c7-4388-baec-2e87135dc908', module: 'translator' },
  { role: 'Monitoring Metrics Publisher', id: '3913510d-42f4-4e42-8a64-420c390055eb', module: 'monitoring' },
  { role: 'Key Vault Secrets User', id: '4633458b-17de-408a-b874-0445c86b69e6', module: 'keyVault' },
];

// ---------------------------------------------------------------------------------------------------------
// What the templates say
// ---------------------------------------------------------------------------------------------------------

/** main.bicep's app settings: `var appSettings` plus the Key Vault-backed `var keyVaultSecretSettings`. */
function bicepSettings(): Map<string, string> {
  const settings = objectEntries(varValue(main, 'appSettings'));
  for (const [name, secret] of objectEntries(varValue(main, 'keyVaultSecretSettings'))) {
    assert.ok(!settings.has(name), `${name} is set both directly and from Key Vault`);
    settings.set(name, `@Microsoft.KeyVault(SecretName=${secret})`);
  }
  return settings;
}

/** The app settings whose values are known before deployment (literals, vars, params with defaults). */
function literalSettings(): Record<string, string> {
  const known: Record<string, string> = {};
  for (const [name, value] of objectEntries(varValue(main, 'appSettings'))) {
    const resolved = evaluateString(main, value);
    if (resolved !== undefined) known[name] = resolved;
  }
  return known;
}

function bicepFiles(dir = join(ROOT, 'infra', 'bicep')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((item) => {
    const path = join(dir, item.name);
    if (item.isDirectory()) return bicepFiles(path);
    return item.name.endsWith('.bicep') ? [relative(ROOT, path)] : [];
  });
}

/** Role grants reachable from an expression: objects with principalId and roleDefinitionId in the vars it uses. */
function grantsIn(file: BicepFile, expression: string, seen = new Set<string>()): Array<[string, string]> {
  const grants: Array<[string, string]> = [];
  const literal = expression.trim();
  if (literal.startsWith('[')) {
    for (const item of topLevelItems(literal)) {
      if (!item.startsWith('{')) continue;
      const fields = objectEntries(item);
      const principal = fields.get('principalId');
      const role = fields.get('roleDefinitionId');
      if (principal && role) grants.push([principal, role]);
    }
  }
  for (const [, name] of expression.matchAll(/\b([A-Za-z_]\w*)\b/g)) {
    if (!name || seen.has(name) || !file.vars.has(name)) continue;
    seen.add(name);
    grants.push(...grantsIn(file, varValue(file, name), seen));
  }
  return grants;
}

const queueDefinitions = () =>
  defineFunctions(() => {
    throw new Error('the drift test never invokes a handler');
  });

// ---------------------------------------------------------------------------------------------------------

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

void describe('templates: security and shape', () => {
  void test('storage: no shared keys, TLS 1.2, no public blob access', () => {
    const storage = bicep('infra/bicep/modules/storage.bicep');
    const properties = entry(resourceOfType(storage, 'Microsoft.Storage/storageAccounts').body, 'properties');
    assert.equal(entry(properties, 'allowSharedKeyAccess'), 'false');
    assert.equal(entry(properties, 'minimumTlsVersion'), "'TLS1_2'");
    assert.equal(entry(properties, 'allowBlobPublicAccess'), 'false');
  });

  void test('every role assignment is named with guid()', () => {
    let declared = 0;
    for (const path of bicepFiles()) {
      const file = bicep(path);
      const assignments = resources(file).filter((r) => r.type === 'Microsoft.Authorization/roleAssignments');
      declared += assignments.length;
      for (const assignment of assignments) {
        assert.match(entry(assignment.body, 'name'), /^guid\(/, `${path}: ${assignment.symbol}`);
      }
      // Catches a declaration the parser missed.
      const mentions = file.text.match(/'Microsoft\.Authorization\/roleAssignments@/g) ?? [];
      assert.equal(
        mentions.length,
        assignments.length,
        `${path}: every role assignment is a parsed resource`,
      );
    }
    assert.ok(declared >= 4, 'storage, translator, monitoring and Key Vault grant roles');
  });

  void test("the app's identity gets each role it needs, on the right resource", () => {
    const roles = objectEntries(varValue(main, 'roles'));
    for (const { role, id, module } of IDENTITY_ROLES) {
      const key = [...roles].find(([, value]) => value === `'${id}'`)?.[0];
      assert.ok(key, `main.bicep roles has ${role} (${id})`);
      const given = objectEntries(mainModule(module).params).get('roleAssignments') ?? '';
      const grants = grantsIn(main, given);
      assert.ok(
        grants.some(
          ([principal, roleId]) => principal === 'identity.outputs.principalId' && roleId === `roles.${key}`,
        ),
        `module ${module} grants ${role} to the app's identity`,
      );
    }
  });

  void test('function app: Flex Consumption (FC1), Linux, Node.js 22, scale settings from parameters', () => {
    const app = bicep('infra/bicep/modules/functionApp.bicep');
    const sku = entry(resourceOfType(app, 'Microsoft.Web/serverfarms').body, 'sku');
    assert.equal(entry(sku, 'name'), "'FC1'");
    assert.equal(entry(sku, 'tier'), "'FlexConsumption'");
    const site = resourceOfType(app, 'Microsoft.Web/sites').body;
    assert.equal(entry(site, 'kind'), "'functionapp,linux'");
    assert.equal(entry(entry(site, 'identity'), 'type'), "'UserAssigned'");
    const properties = entry(site, 'properties');
    assert.equal(entry(properties, 'httpsOnly'), 'true');
    assert.equal(entry(properties, 'keyVaultReferenceIdentity'), 'identityId');
    const functionAppConfig = entry(properties, 'functionAppConfig');
    const runtime = entry(functionAppConfig, 'runtime');
    assert.equal(entry(runtime, 'name'), "'node'");
    assert.equal(entry(runtime, 'version'), "'22'");
    const storage = entry(entry(functionAppConfig, 'deployment'), 'storage');
    assert.equal(entry(storage, 'type'), "'blobContainer'");
    assert.equal(entry(entry(storage, 'authentication'), 'type'), "'UserAssignedIdentity'");
    const scale = entry(functionAppConfig, 'scaleAndConcurrency');
    const mainParams = objectEntries(mainModule('functionApp').params);
    for (const name of ['maximumInstanceCount', 'instanceMemoryMB']) {
      assert.equal(entry(scale, name), name, `scaleAndConcurrency.${name} is the module parameter`);
      assert.equal(app.params.get(name)?.type, 'int');
      assert.equal(main.params.get(name)?.type, 'int', `main.bicep has a ${name} parameter`);
      assert.equal(mainParams.get(name), name, `main.bicep passes ${name} through`);
    }
    // The app settings reach the site.
    assert.match(mainParams.get('appSettings') ?? '', /\bappSettings\b/);
    assert.match(entry(entry(properties, 'siteConfig'), 'appSettings'), /items\(appSettings\)/);
  });

  void test('every module and import refers to a file that exists', () => {
    for (const path of bicepFiles()) {
      const file = bicep(path);
      const references = [...modules(file).map((m) => m.path), ...importPaths(file)];
      for (const reference of references.filter((r) => !r.startsWith('br:') && !r.startsWith('br/'))) {
        const target = join(ROOT, dirname(path), reference);
        assert.ok(existsSync(target), `${path} refers to ${reference}`);
      }
    }
    assert.ok(modules(main).length >= 7);
  });

  void test('every parameter of main.bicep has a default, is nullable or has a value in main.parameters.json, and no other', () => {
    const file = JSON.parse(readText('infra/bicep/main.parameters.json')) as {
      parameters: Record<string, unknown>;
    };
    const supplied = Object.keys(file.parameters);
    for (const [name, param] of main.params) {
      // A nullable parameter (`string?`) may be left out: it is null then.
      if (param.defaultValue === undefined && !param.type.endsWith('?')) {
        assert.ok(supplied.includes(name), `main.parameters.json supplies ${name}, which has no default`);
      }
    }
    for (const name of supplied)
      assert.ok(main.params.has(name), `main.parameters.json: unknown parameter ${name}`);
  });

  void test('outputs are UPPER_SNAKE for azd, including the Translator endpoint', () => {
    assert.ok(main.outputs.length > 0);
    for (const name of main.outputs) assert.match(name, /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/, name);
    for (const name of ['AZURE_FUNCTION_APP_NAME', 'AZURE_STORAGE_ACCOUNT_NAME', 'TRANSLATOR_ENDPOINT']) {
      assert.ok(main.outputs.includes(name), name);
    }
  });
});

void describe('azd and the deployment package', () => {
  const azureYaml = readText('azure.yaml');

  void test('azure.yaml deploys service "api" (this folder) to a function app with a remote build', () => {
    assert.match(azureYaml, /^services:\n {2}api:\n(?: {4}.*\n|\s*#.*\n)*/m);
    const api = /^ {2}api:\n((?: {4}.*\n| *#.*\n)*)/m.exec(azureYaml)?.[1] ?? '';
    assert.match(api, /^ {4}project: \.$/m);
    assert.match(api, /^ {4}language: js$/m);
    assert.match(api, /^ {4}host: function$/m);
    assert.match(api, /^ {4}remoteBuild: true$/m);
    assert.match(azureYaml, /^ {2}path: infra\/bicep$/m);
    // azd finds the app by its azd-service-name tag.
    assert.equal(
      evaluateString(main, objectEntries(mainModule('functionApp').params).get('azdServiceName') ?? ''),
      'api',
    );
  });

  void test('.funcignore ships what the remote build needs and leaves out node_modules and local files', () => {
    const patterns = readText('.funcignore').split('\n');
    for (const path of [
      'package.json',
      'package-lock.json',
      'host.json',
      'tsconfig.json',
      'tsconfig.build.json',
      'src/functions/index.ts',
      'src/lib/config.ts',
    ]) {
      assert.equal(ignoredBy(patterns, path), false, `${path} is in the package`);
    }
    for (const path of [
      'node_modules/zod/package.json',
      'local.settings.json',
      '.azure/dev/.env',
      'test/infra/drift.test.ts',
      'infra/bicep/main.bicep',
    ]) {
      assert.equal(ignoredBy(patterns, path), true, `${path} is left out of the package`);
    }
  });
});
