import { isListening, startAzurite, type AzuriteHandle } from './azurite.js';

/**
 * For the demo and `npm run dev`: use the Azurite already on the standard ports, or start an in-memory one
 * there so that `UseDevelopmentStorage=true` (the default setting) reaches it.
 */
export async function ensureLocalStorage(log: (line: string) => void): Promise<AzuriteHandle | undefined> {
  if ((await isListening(10000)) && (await isListening(10001)) && (await isListening(10002))) {
    log('Using the Azurite already running on 127.0.0.1:10000-10002.');
    return undefined;
  }
  log('Starting Azurite (in-memory, loopback only)...');
  return startAzurite({ ports: 'default' });
}
