/**
 * What a deployment uploads and installs (scripts/deploymentPackage.ts, `npm run package:list`): the app's
 * sources and build inputs only, and production dependencies without any dev-only tool (no Functions Core Tools,
 * storage emulator, browser driver, test runner, compiler or linter). The listing walks this working tree, so a
 * local folder the package would pick up (a download cache, a demo's output) fails here as it would bloat a real
 * upload.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ignoredBy,
  packageFiles,
  productionPackages,
  readFuncignore,
} from '../../scripts/deploymentPackage.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Everything the upload may contain: what the remote build needs, and the compiled app azd builds first. */
const ALLOWED = [
  /^package\.json$/,
  /^package-lock\.json$/,
  /^host\.json$/,
  /^tsconfig(\.build)?\.json$/,
  /^\.funcignore$/,
  /^src\//,
  /^dist\/src\//,
];

/**
 * Tools only development, tests or local emulation use; none may reach the deployed app. (Type declarations such
 * as @types/node may: some libraries depend on them, and they are a few kilobytes of text.)
 */
const DEV_ONLY = [
  'azure-functions-core-tools',
  'azurite',
  'playwright-core',
  'playwright',
  'puppeteer',
  'typescript',
  'tsx',
  'esbuild',
  'eslint',
  'prettier',
  'typescript-eslint',
];

void describe('the deployment package', () => {
  void test('uploads only the app: sources, build inputs and the compiled app', () => {
    const files = packageFiles(ROOT);
    const unexpected = files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)));
    assert.deepEqual(unexpected, [], `left out by .funcignore? ${unexpected.slice(0, 20).join(', ')}`);
    for (const needed of ['package.json', 'package-lock.json', 'host.json', 'tsconfig.build.json']) {
      assert.ok(files.includes(needed), `${needed} is uploaded for the remote build`);
    }
    assert.ok(files.includes('src/functions/index.ts'), 'the sources are uploaded');
    assert.ok(!files.some((file) => file.startsWith('node_modules/')), 'node_modules is built remotely');
  });

  void test('.funcignore leaves out the tool folders and files even when they are absent here', () => {
    const patterns = readFuncignore(ROOT);
    for (const path of [
      'node_modules/zod/package.json',
      'local.settings.json',
      '.azure/dev/.env',
      '.cache/bicep/0.49.2/tools/bicep',
      'test/infra/drift.test.ts',
      'infra/bicep/main.bicep',
      'deploy/kubernetes/deployment.yaml',
      'Dockerfile',
      'conformance/run.ts',
      'demo-output/es/a.txt',
      'dist/test/helpers/testServices.js',
    ]) {
      assert.equal(ignoredBy(patterns, path), true, `${path} is left out of the package`);
    }
  });

  void test('the production dependencies contain no dev-only tool', () => {
    const packages = productionPackages(ROOT);
    assert.ok(packages.includes('@azure/functions'), 'the listing reads the real tree');
    const leaked = packages.filter((name) => DEV_ONLY.includes(name));
    assert.deepEqual(leaked, [], 'dev-only packages in the production install');
  });

  void test('package.json has no optionalDependencies, which a production install would still download', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(manifest.optionalDependencies, undefined);
    const dev = Object.keys(manifest.devDependencies as Record<string, string>);
    for (const tool of ['azurite', 'playwright-core', 'typescript', 'tsx']) {
      assert.ok(dev.includes(tool), `${tool} is a devDependency`);
    }
  });

  void test('the remote build prunes devDependencies', () => {
    const main = readFileSync(join(ROOT, 'infra/bicep/main.bicep'), 'utf8');
    assert.match(main, /^\s*PRUNE_DEV_DEPENDENCIES: 'true'$/m);
  });
});
