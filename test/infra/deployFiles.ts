/**
 * The deployment files of the standalone worker (Dockerfile, deploy/kubernetes, deploy/systemd) read for the
 * tests in deployManifests.test.ts and workerCommand.test.ts.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { functionTimeoutMs, readHostJson } from '../../src/runtime/hostSettings.js';
import { dockerStages, type DockerStage } from './dockerfileText.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const readText = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
/** The longest one item may run (host.json functionTimeout), in seconds. */
export const itemTimeoutSeconds = functionTimeoutMs(readHostJson(join(ROOT, 'host.json'))) / 1000;

/** Placeholders (`<storage-account-name>`) stand for values only a deployment knows; these stand in for them. */
const PLACEHOLDERS: Record<string, string> = {
  'storage-account-name': 'examplestorage',
  'translator-subdomain': 'tr-example',
  region: 'westeurope',
  'managed-identity-client-id': '00000000-0000-0000-0000-000000000000',
};
export const fillPlaceholders = (value: string): string =>
  value.replace(/<([a-z-]+)>/g, (whole, name: string) => PLACEHOLDERS[name] ?? whole);

// ---------------------------------------------------------------------------------------------------------
// Kubernetes
// ---------------------------------------------------------------------------------------------------------

export type Manifest = { apiVersion: string; kind: string; metadata: { name: string } } & Record<
  string,
  unknown
>;
export const K8S = 'deploy/kubernetes';

function kubernetesManifests(): Manifest[] {
  const manifests: Manifest[] = [];
  for (const file of readdirSync(join(ROOT, K8S)).filter((f) => f.endsWith('.yaml'))) {
    for (const document of parseAllDocuments(readText(`${K8S}/${file}`))) {
      assert.deepEqual(document.errors, [], `${file} is valid YAML`);
      const value = document.toJS() as Manifest;
      assert.ok(value.apiVersion && value.kind, `${file}: every document has apiVersion and kind`);
      manifests.push(value);
    }
  }
  return manifests;
}

export const manifests = kubernetesManifests();
export const ofKind = <T>(kind: string): T[] => manifests.filter((m) => m.kind === kind) as T[];
export const one = <T>(kind: string): T => {
  const found = ofKind<T>(kind);
  assert.equal(found.length, 1, `one ${kind}`);
  return found[0] as T;
};

export interface Probe {
  httpGet: { path: string; port: string | number };
}
export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  ports: { name: string; containerPort: number }[];
  env?: { name: string }[];
  envFrom?: { configMapRef?: { name: string } }[];
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  resources: { requests?: Record<string, string>; limits?: Record<string, string> };
}
export interface Deployment extends Manifest {
  spec: {
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
      spec: { serviceAccountName: string; terminationGracePeriodSeconds: number; containers: Container[] };
    };
  };
}
export interface ConfigMap extends Manifest {
  data: Record<string, string>;
}
export interface ScaledObject extends Manifest {
  spec: {
    scaleTargetRef: { name: string };
    minReplicaCount: number;
    triggers: { type: string; metadata: Record<string, string>; authenticationRef: { name: string } }[];
  };
}

export const deployment = one<Deployment>('Deployment');
export const pod = deployment.spec.template;
export const container = pod.spec.containers[0] as Container;
export const configMap = one<ConfigMap>('ConfigMap');
export const settings = Object.fromEntries(
  Object.entries(configMap.data).map(([name, value]) => [name, fillPlaceholders(String(value))]),
);

const packageJson = JSON.parse(readText('package.json')) as { scripts: Record<string, string> };
/** `npm run serve`: the one way the standalone worker is started, everywhere. */
export const serveCommand = (packageJson.scripts.serve ?? '').split(' ');

const stages = dockerStages(readText('Dockerfile'));
export const dockerStage = (name: string): DockerStage => {
  const found = stages.find((s) => s.name === name);
  assert.ok(found, `Dockerfile stage ${name}`);
  return found;
};
