/**
 * `npm run demo`: the whole pipeline on this machine with embedded defaults. Starts Azurite if needed and
 * the local runtime, then uses the CLI exactly as a user would: `batch-translate submit samples --to es,fr
 * --wait --out demo-output` uploads samples/, submits the job, shows progress and downloads the results.
 */
import { readFile } from 'node:fs/promises';
import { loadConfig } from '../src/lib/config.js';
import { runCli } from '../src/cli/program.js';
import { readLocalSettings } from '../src/runtime/localSettings.js';
import { startLocalRuntime } from '../src/runtime/localRuntime.js';
import { ensureLocalStorage } from './storageForLocalRun.js';

const OUT = 'demo-output';

const azurite = await ensureLocalStorage(console.log);
const config = loadConfig(readLocalSettings());
if (config.storage.kind !== 'connectionString') {
  throw new Error(
    'The demo uploads with a connection string; unset the AzureWebJobsStorage__* identity settings.',
  );
}
const runtime = await startLocalRuntime({ config, port: 0, log: () => undefined });
let exitCode = 1;
try {
  const argv = ['--url', `${runtime.url}/api`, 'submit', 'samples', '--to', 'es,fr', '--wait', '--out', OUT];
  console.log(`$ batch-translate ${argv.slice(2).join(' ')}`);
  exitCode = await runCli(argv, {
    env: { AzureWebJobsStorage: config.storage.connectionString },
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    interactive: Boolean(process.stdout.isTTY),
  });
  if (exitCode === 0) {
    // One file per format is in samples/; show two, to see that only the human text changed.
    for (const example of [`${OUT}/es/docs/getting-started.md`, `${OUT}/fr/i18n/messages.json`]) {
      console.log(`\n${example}:\n\n${await readFile(example, 'utf8')}`);
    }
    console.log(
      'Next: "npm run dev" keeps the API running on http://127.0.0.1:7071/api; see README for curl and CLI use.',
    );
  }
} finally {
  await runtime.stop();
  await azurite?.stop();
}
process.exit(exitCode);
