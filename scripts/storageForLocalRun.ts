import { isListening, startAzurite, type AzuriteHandle, type AzuriteRuntime } from './azurite.js';
import { AZURITE_RELEASE, azuriteReleaseOnThisNode } from './azuriteRelease.js';

/**
 * For the demo and `npm run dev`: use the Azurite already on the standard ports, or start an in-memory one
 * there so that `UseDevelopmentStorage=true` (the default setting) reaches it. `newestEmulator` (dev, where
 * containers are large): on Node 22 or later, the Azurite release whose lookups do not scan (azuriteRelease.ts),
 * fetched from npm on first use; the project's own Azurite when that cannot be had.
 */
export async function ensureLocalStorage(
  log: (line: string) => void,
  options: { newestEmulator?: boolean } = {},
): Promise<AzuriteHandle | undefined> {
  if ((await isListening(10000)) && (await isListening(10001)) && (await isListening(10002))) {
    log('Using the Azurite already running on 127.0.0.1:10000-10002.');
    return undefined;
  }
  const runtime = options.newestEmulator ? await newestEmulator(log) : undefined;
  log(`Starting Azurite${runtime ? ` ${AZURITE_RELEASE}` : ''} (in-memory, loopback only)...`);
  return startAzurite({ ports: 'default', ...(runtime ? { runtime } : {}) });
}

async function newestEmulator(log: (line: string) => void): Promise<AzuriteRuntime | undefined> {
  try {
    const runtime = await azuriteReleaseOnThisNode();
    if (!runtime)
      log(
        `Node ${process.versions.node}: using the project's Azurite (the last release that runs on Node 20), which slows down as it holds more blobs; on Node 22 or later this starts Azurite ${AZURITE_RELEASE} instead (README: "Large containers on your machine").`,
      );
    return runtime;
  } catch (error) {
    log(`Azurite ${AZURITE_RELEASE} could not be installed (${String(error)}); using the project's Azurite.`);
    return undefined;
  }
}
