/**
 * `npm run test:node22`: `npm test` again on Node 22, the runtime Azure Functions gives the app, against the
 * Azurite release a Node 22 user installs (3.36+ looks blobs and entities up by name, where the project's
 * 3.35 scans). Both come from npm into .cache (azuriteRelease.ts); nothing on the machine changes. Arguments
 * filter test files as `npm test`'s do.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname } from 'node:path';
import { startAzurite } from './azurite.js';
import { AZURITE_RELEASE, azuriteRelease } from './azuriteRelease.js';

const runtime = await azuriteRelease();
const azurite = await startAzurite({ runtime });
console.log(`Started Azurite ${AZURITE_RELEASE} on ${runtime.node} for the tests.`);
let code = 1;
try {
  const child = spawn(runtime.node, ['--import', 'tsx', 'scripts/runTests.ts', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: {
      ...process.env,
      AzureWebJobsStorage: azurite.connectionString,
      // Whatever the tests start with `node` (npm, the standalone worker, child runtimes) runs on Node 22 too.
      PATH: `${dirname(runtime.node)}:${process.env.PATH ?? ''}`,
    },
  });
  const [exitCode, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  code = exitCode ?? (signal ? 1 : 0);
} finally {
  await azurite.stop();
}
process.exit(code);
