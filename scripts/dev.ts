/** `npm run dev`: Azurite (in-memory, loopback) plus the local runtime, until Ctrl-C. */
import { loadConfig } from '../src/lib/config.js';
import { readLocalSettings } from '../src/runtime/localSettings.js';
import { startLocalRuntime } from '../src/runtime/localRuntime.js';
import { ensureLocalStorage } from './storageForLocalRun.js';

const azurite = await ensureLocalStorage(console.log, { newestEmulator: true });
const config = loadConfig(readLocalSettings());
const runtime = await startLocalRuntime({ config });
console.log(`batch-translator ${config.version} listening on ${runtime.url}/api — Ctrl-C to stop`);
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('Finishing in-flight messages...');
    void runtime
      .stop()
      .then(() => azurite?.stop())
      .then(() => process.exit(0));
  });
}
