import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  DEPLOYMENT_CONTAINER,
  isReservedContainer,
  reservedContainers,
} from '../../../src/lib/jobs/reservedContainers.js';
import { assertError, call } from '../../functions/http/harness.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';

void describe("a job may not read or write the app's own containers", () => {
  let env: TestEnvironment;
  before(async () => {
    env = await testEnvironment();
    // The host's secrets container exists in every Functions storage account; here it holds a fake key.
    const secrets = env.services.storage.blobs.getContainerClient('azure-webjobs-secrets');
    await secrets.createIfNotExists();
    await secrets.getBlockBlobClient('app/host.json').upload('{"masterKey":"x"}', 17);
  });
  after(async () => {
    await env.services.storage.blobs.getContainerClient('azure-webjobs-secrets').deleteIfExists();
    await env.cleanup();
  });

  const post = (body: Record<string, unknown>) =>
    call(env.services, 'createJob', {
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });

  void test('as a source: 400 invalid_container naming the reserved set, and no job is created', async () => {
    const response = await post({
      source_container: 'azure-webjobs-secrets',
      target_container: uniqueName('out'),
      target_language: 'es',
    });
    const error = assertError(response, 400, 'invalid_container');
    assert.match(error.message, /source_container/);
    for (const name of reservedContainers(env.services.config.durable.taskHub))
      assert.ok(error.message.includes(name), `names ${name}`);
    const jobs = await call(env.services, 'listJobs');
    assert.deepEqual((jobs.body as { jobs: unknown[] }).jobs, []);
  });

  void test('as a target, including the deployment package and the durable task hub', async () => {
    const source = await env.sourceContainer({ 'a.txt': 'Hello.\n' });
    for (const target of [
      DEPLOYMENT_CONTAINER,
      `${env.services.config.durable.taskHub}-leases`,
      'azure-webjobs-hosts',
      'azure-webjobs-x',
    ]) {
      const response = await post({
        source_container: source,
        target_container: target,
        target_language: 'es',
      });
      const error = assertError(response, 400, 'invalid_container');
      assert.match(error.message, /target_container/, target);
    }
  });

  void test('the reserved names are the ones host.json and the Bicep templates use', () => {
    const host = JSON.parse(readFileSync('host.json', 'utf8')) as {
      extensions: { durableTask?: { hubName?: string } };
    };
    // The host resolves the hub name from the same setting the app reads.
    assert.equal(host.extensions.durableTask?.hubName, '%DURABLE_TASK_HUB%');
    const bicep = readFileSync('infra/bicep/main.bicep', 'utf8');
    assert.match(bicep, new RegExp(`var deploymentContainerName = '${DEPLOYMENT_CONTAINER}'`));
    assert.match(bicep, /DURABLE_TASK_HUB: durableTaskHubName/);
  });

  void test("a configured task hub reserves that hub's containers, in lower case as the provider names them", () => {
    assert.ok(isReservedContainer('translatorhub2-leases', 'TranslatorHub2'));
    assert.ok(isReservedContainer('translatorhub2-largemessages', 'TranslatorHub2'));
    assert.ok(!isReservedContainer('batchtranslator-leases', 'TranslatorHub2'));
    assert.ok(isReservedContainer('batchtranslator-applease', 'batchtranslator'));
  });
});
