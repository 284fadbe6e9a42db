/** What the drift tests compare: the app's settings, its queues and tables, and the Bicep templates read as text. */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineFunctions } from '../../src/functions/definitions.js';
import {
  evaluateString,
  modules,
  objectEntries,
  parseBicep,
  topLevelItems,
  varValue,
  type BicepFile,
  type ModuleDeclaration,
} from './bicepText.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const readText = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
export const bicep = (path: string): BicepFile => parseBicep(readText(path));

export const main = bicep('infra/bicep/main.bicep');
export const mainModule = (symbol: string): ModuleDeclaration => {
  const found = modules(main).find((m) => m.symbol === symbol);
  assert.ok(found, `main.bicep declares module ${symbol}`);
  return found;
};

// ---------------------------------------------------------------------------------------------------------
// Allowlists. Each name has a reason, and the tests below fail when an entry goes stale.
// ---------------------------------------------------------------------------------------------------------

/** Settings the app reads that main.bicep deliberately leaves unset in Azure. */
export const NOT_SET_IN_AZURE: Record<string, string> = {
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
export const HOST_SETTINGS: Record<string, string> = {
  PRUNE_DEV_DEPENDENCIES: 'the remote build (Oryx) ships production dependencies only',
};

/** Keys of local.settings.json.example that the app does not read, because Core Tools does. */
export const LOCAL_HOST_SETTINGS: Record<string, string> = {
  FUNCTIONS_WORKER_RUNTIME:
    '`func start` picks the Node.js worker from it (Flex Consumption uses functionAppConfig)',
};

/** Built-in roles the app's identity needs (ids from the Functions host reference), and where. */
export const IDENTITY_ROLES = [
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
export function bicepSettings(): Map<string, string> {
  const settings = objectEntries(varValue(main, 'appSettings'));
  for (const [name, secret] of objectEntries(varValue(main, 'keyVaultSecretSettings'))) {
    assert.ok(!settings.has(name), `${name} is set both directly and from Key Vault`);
    settings.set(name, `@Microsoft.KeyVault(SecretName=${secret})`);
  }
  return settings;
}

/** The app settings whose values are known before deployment (literals, vars, params with defaults). */
export function literalSettings(): Record<string, string> {
  const known: Record<string, string> = {};
  for (const [name, value] of objectEntries(varValue(main, 'appSettings'))) {
    const resolved = evaluateString(main, value);
    if (resolved !== undefined) known[name] = resolved;
  }
  return known;
}

export function bicepFiles(dir = join(ROOT, 'infra', 'bicep')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((item) => {
    const path = join(dir, item.name);
    if (item.isDirectory()) return bicepFiles(path);
    return item.name.endsWith('.bicep') ? [relative(ROOT, path)] : [];
  });
}

/** Role grants reachable from an expression: objects with principalId and roleDefinitionId in the vars it uses. */
export function grantsIn(
  file: BicepFile,
  expression: string,
  seen = new Set<string>(),
): Array<[string, string]> {
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

export const queueDefinitions = () =>
  defineFunctions(() => {
    throw new Error('the drift test never invokes a handler');
  });

// ---------------------------------------------------------------------------------------------------------
