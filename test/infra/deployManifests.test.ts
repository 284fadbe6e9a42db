/**
 * deploy/kubernetes against the code: no cluster runs here, so every manifest is parsed and checked for what can
 * drift: the settings it sets are settings the app reads (and valid together), the probe and scrape paths are
 * routes the worker really serves (against Azurite), KEDA watches the worker's own queues with workload identity,
 * and graceful termination outlasts the longest item (host.json functionTimeout).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SETTING_NAMES, loadConfig } from '../../src/lib/config.js';
import { startLocalRuntime, type LocalRuntime } from '../../src/runtime/localRuntime.js';
import { testEnvironment, type TestEnvironment } from '../helpers/testServices.js';
import { lastInstruction } from './dockerfileText.js';
import {
  K8S,
  ROOT,
  configMap,
  container,
  deployment,
  dockerStage,
  fillPlaceholders,
  itemTimeoutSeconds,
  one,
  pod,
  settings,
  type Manifest,
  type ScaledObject,
} from './deployFiles.js';

void describe('deploy/kubernetes', () => {
  void test('kustomization.yaml lists every manifest of the folder', () => {
    const kustomization = one<{ resources: string[] } & Manifest>('Kustomization');
    const files = readdirSync(join(ROOT, K8S)).filter(
      (f) => f.endsWith('.yaml') && f !== 'kustomization.yaml',
    );
    assert.deepEqual([...kustomization.resources].sort(), files.sort());
  });

  void test('every setting the worker gets is one the app reads, and together they are a valid configuration', () => {
    const names = [...Object.keys(configMap.data), ...(container.env ?? []).map((e) => e.name)];
    const unknown = names.filter((name) => !SETTING_NAMES.includes(name));
    assert.deepEqual(unknown, [], 'settings src/lib/config.ts does not read');
    assert.deepEqual(
      container.envFrom?.map((e) => e.configMapRef?.name),
      [configMap.metadata.name],
      'the container reads the ConfigMap',
    );
    const config = loadConfig(settings, {});
    assert.equal(config.bindAddress, '0.0.0.0', 'probes and the Service reach the worker');
    assert.equal(config.processingMode, 'queue', 'the standalone worker runs queue mode');
    assert.equal(config.storage.kind, 'identity', 'storage through the workload identity, no keys');
  });

  void test("the probes and the metrics scrape use the named port, which is the worker's PORT", () => {
    const port = container.ports.find((p) => p.name === 'http');
    assert.equal(String(port?.containerPort), settings.PORT);
    for (const probe of [container.startupProbe, container.livenessProbe, container.readinessProbe]) {
      assert.equal(probe?.httpGet.port, 'http');
    }
    assert.equal(container.livenessProbe?.httpGet.path, '/api/health');
    assert.equal(container.readinessProbe?.httpGet.path, '/api/ready');
    assert.equal(pod.metadata.annotations?.['prometheus.io/path'], '/metrics');
    assert.equal(pod.metadata.annotations?.['prometheus.io/port'], settings.PORT);
  });

  void test('graceful termination outlasts the longest item (host.json functionTimeout)', () => {
    assert.ok(
      pod.spec.terminationGracePeriodSeconds > itemTimeoutSeconds,
      `${pod.spec.terminationGracePeriodSeconds} s > ${itemTimeoutSeconds} s`,
    );
  });

  void test("resources have requests and limits; the container runs the image's command", () => {
    for (const kind of ['requests', 'limits'] as const) {
      assert.ok(container.resources[kind]?.cpu, `${kind}.cpu`);
      assert.ok(container.resources[kind]?.memory, `${kind}.memory`);
    }
    assert.equal(container.command, undefined, 'CMD of the Dockerfile worker stage');
    assert.equal(container.args, undefined);
  });

  void test('workload identity: service account annotated, pods labelled and bound to it', () => {
    const account = one<Manifest & { metadata: { annotations: Record<string, string> } }>('ServiceAccount');
    assert.match(account.metadata.annotations['azure.workload.identity/client-id'] ?? '', /\S/);
    assert.equal(pod.spec.serviceAccountName, account.metadata.name);
    assert.equal(pod.metadata.labels['azure.workload.identity/use'], 'true');
  });

  void test('the Service selects the worker pods and targets the named port', () => {
    const service = one<
      Manifest & { spec: { selector: Record<string, string>; ports: { targetPort: string }[] } }
    >('Service');
    for (const [label, value] of Object.entries(service.spec.selector)) {
      assert.equal(pod.metadata.labels[label], value, `pods carry ${label}=${value}`);
    }
    assert.deepEqual(deployment.spec.selector.matchLabels, service.spec.selector);
    assert.equal(service.spec.ports[0]?.targetPort, 'http');
  });

  void test("KEDA scales the Deployment on the worker's own queues, with workload identity", () => {
    const scaled = one<ScaledObject>('ScaledObject');
    const auth = one<Manifest & { spec: { podIdentity: { provider: string } } }>('TriggerAuthentication');
    assert.equal(scaled.spec.scaleTargetRef.name, deployment.metadata.name);
    // At least one replica: the HTTP API and the planner run in the same process as the item workers.
    assert.ok(scaled.spec.minReplicaCount >= 1);
    assert.equal(auth.spec.podIdentity.provider, 'azure-workload');
    const queues = scaled.spec.triggers.map((trigger) => {
      assert.equal(trigger.type, 'azure-queue');
      assert.equal(trigger.authenticationRef.name, auth.metadata.name);
      assert.equal(
        fillPlaceholders(trigger.metadata.accountName ?? ''),
        settings.AzureWebJobsStorage__accountName,
      );
      assert.match(trigger.metadata.queueLength ?? '', /^[1-9]\d*$/);
      return trigger.metadata.queueName;
    });
    assert.deepEqual(queues.sort(), [settings.PLAN_QUEUE, settings.TRANSLATION_QUEUE].sort());
  });
});

// ---------------------------------------------------------------------------------------------------------
// Probe paths against the worker itself
// ---------------------------------------------------------------------------------------------------------

void describe('the probe and scrape paths of the manifests are served by the worker', () => {
  let env: TestEnvironment;
  let runtime: LocalRuntime;
  before(async () => {
    env = await testEnvironment();
    runtime = await startLocalRuntime({ config: env.config, services: env.services, port: 0, log: () => {} });
  });
  after(async () => {
    await runtime.stop();
    await env.cleanup();
  });

  const paths = [
    container.livenessProbe?.httpGet.path,
    container.readinessProbe?.httpGet.path,
    container.startupProbe?.httpGet.path,
    pod.metadata.annotations?.['prometheus.io/path'],
    /\/api\/health/.exec(lastInstruction(dockerStage('worker'), 'HEALTHCHECK'))?.[0],
  ];
  for (const path of new Set(paths)) {
    void test(`GET ${path} answers 200`, async () => {
      assert.ok(path);
      const response = await fetch(`${runtime.url}${path}`);
      assert.equal(response.status, 200, await response.text());
    });
  }
});
