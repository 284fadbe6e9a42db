import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DefaultAzureCredential, ManagedIdentityCredential } from '@azure/identity';
import type { AzureMonitorOpenTelemetryOptions } from '@azure/monitor-opentelemetry';
import { loadConfig, loadTelemetrySettings } from '../../../src/lib/config.js';
import { startAzureMonitor } from '../../../src/lib/telemetry/azureMonitor.js';

const CONNECTION =
  'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/';

/** What `useAzureMonitor` was called with, if it was. */
function started(values: Record<string, string>): AzureMonitorOpenTelemetryOptions[] {
  const calls: AzureMonitorOpenTelemetryOptions[] = [];
  startAzureMonitor(loadTelemetrySettings(values, {}), (options) => calls.push(options));
  return calls;
}

void describe('the Azure Monitor exporter', () => {
  void test('is not configured without a connection string', () => {
    assert.deepEqual(started({}), []);
    assert.deepEqual(started({ APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD' }), []);
    // An invalid value is no connection here; loadConfig reports it with the other problems.
    assert.deepEqual(started({ APPLICATIONINSIGHTS_CONNECTION_STRING: 'not a connection string' }), []);
    assert.throws(
      () => loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: 'not a connection string' }, {}),
      /APPLICATIONINSIGHTS_CONNECTION_STRING: must be an Application Insights connection string/,
    );
  });

  void test('is configured with the connection string, with a key alone when no authentication is set', () => {
    const [options, ...more] = started({ APPLICATIONINSIGHTS_CONNECTION_STRING: CONNECTION });
    assert.equal(more.length, 0);
    assert.deepEqual(options?.azureMonitorExporterOptions, { connectionString: CONNECTION });
  });

  void test('sends with the managed identity the host’s authentication string names', () => {
    const [options] = started({
      APPLICATIONINSIGHTS_CONNECTION_STRING: CONNECTION,
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING:
        'ClientId=11111111-2222-3333-4444-555555555555;Authorization=AAD',
    });
    assert.equal(options?.azureMonitorExporterOptions?.connectionString, CONNECTION);
    assert.ok(options?.azureMonitorExporterOptions?.credential instanceof ManagedIdentityCredential);
    assert.deepEqual(
      loadTelemetrySettings(
        {
          APPLICATIONINSIGHTS_CONNECTION_STRING: CONNECTION,
          APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD;ClientId=abc',
        },
        {},
      ),
      { connectionString: CONNECTION, entra: { clientId: 'abc' } },
    );
    const [withoutClient] = started({
      APPLICATIONINSIGHTS_CONNECTION_STRING: CONNECTION,
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD',
    });
    assert.ok(withoutClient?.azureMonitorExporterOptions?.credential instanceof DefaultAzureCredential);
  });

  void test('the environment wins over local settings, as for every other setting', () => {
    assert.equal(
      loadTelemetrySettings(
        { APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=local' },
        { APPLICATIONINSIGHTS_CONNECTION_STRING: CONNECTION },
      )?.connectionString,
      CONNECTION,
    );
  });
});
