/** Security and shape rules of the Bicep templates and of the deployment package (azd, .funcignore). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ignoredBy } from '../../scripts/deploymentPackage.js';
import {
  entry,
  evaluateString,
  importPaths,
  modules,
  objectEntries,
  resourceOfType,
  resources,
  varValue,
} from './bicepText.js';

import {
  ROOT,
  readText,
  bicep,
  main,
  mainModule,
  IDENTITY_ROLES,
  bicepFiles,
  grantsIn,
} from './driftFixtures.js';

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
