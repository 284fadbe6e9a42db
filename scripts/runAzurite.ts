/**
 * `npm run azurite`: the emulator on 127.0.0.1:10000-10002 until Ctrl-C, for `func start`; the one `npm run dev`
 * starts (Azurite 3.37 on Node 22 or later, see storageForLocalRun.ts).
 */
import { ensureLocalStorage } from './storageForLocalRun.js';

const azurite = await ensureLocalStorage(console.log, { newestEmulator: true });
if (azurite) {
  console.log(
    'Azurite is listening on 127.0.0.1:10000 (blob), 10001 (queue), 10002 (table) — Ctrl-C to stop',
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => void azurite.stop().then(() => process.exit(0)));
}
