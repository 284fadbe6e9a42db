import { describeError } from './errors.js';
import type { Services } from './services.js';

export interface HealthReport {
  status: 'ok' | 'degraded';
  version: string;
  storage: { reachable: boolean; error?: string };
  translator: { provider: string; configured: boolean };
}

/** Cheap probes: one queue metadata call (storage reachable, auth accepted) and the translator's identity. */
export async function checkHealth(
  services: Pick<Services, 'translationQueue' | 'config' | 'translator'>,
): Promise<HealthReport> {
  let storage: HealthReport['storage'] = { reachable: true };
  try {
    await services.translationQueue.getProperties();
  } catch (error) {
    storage = { reachable: false, error: describeError(error) };
  }
  return {
    status: storage.reachable ? 'ok' : 'degraded',
    version: services.config.version,
    storage,
    translator: { provider: services.translator.name, configured: true },
  };
}
