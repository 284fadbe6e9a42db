import { describeError } from './errors.js';
import type { Services } from './services.js';
import { azureEndpoints } from './translation/createTranslator.js';
import type { TranslatorSettings } from './translation/translatorSettings.js';

export interface ReadinessReport {
  status: 'ready' | 'not_ready';
  version: string;
  storage: { reachable: boolean; error?: string };
  translator: { provider: string; reachable: boolean; error?: string };
}

/** How long each probe may take: a readiness probe must answer well within the orchestrator's timeout. */
const PROBE_TIMEOUT_MS = 5_000;

/**
 * A request that needs no credentials and changes nothing: Translator's language list, APy's pair list. Any
 * HTTP answer proves the provider is reachable (DNS, network, TLS); the in-process pseudo provider always is.
 */
export function translatorProbeUrl(settings: TranslatorSettings): string | undefined {
  switch (settings.provider) {
    case 'pseudo':
      return undefined;
    case 'azure':
      return `${azureEndpoints(settings.endpoint).text}/languages?api-version=3.0&scope=translation`;
    case 'apertium':
      return `${settings.url.replace(/\/+$/, '')}/listPairs`;
  }
}

async function probeTranslator(
  settings: TranslatorSettings,
  fetchImpl: typeof fetch,
): Promise<ReadinessReport['translator']> {
  const url = translatorProbeUrl(settings);
  if (!url) return { provider: settings.provider, reachable: true };
  try {
    const response = await fetchImpl(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    await response.body?.cancel();
    if (response.status >= 500) {
      return { provider: settings.provider, reachable: false, error: `${url} answered ${response.status}` };
    }
    return { provider: settings.provider, reachable: true };
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return {
      provider: settings.provider,
      reachable: false,
      error: `${url}: ${describeError(error)}${cause}`,
    };
  }
}

/**
 * Whether this worker can do its work now: storage answers (one queue metadata call, the same account and
 * credential serve blobs and tables) and the translation provider is reachable. Liveness is `checkHealth`.
 */
export async function checkReadiness(
  services: Pick<Services, 'translationQueue' | 'config'>,
  fetchImpl: typeof fetch = fetch,
): Promise<ReadinessReport> {
  const storage = async (): Promise<ReadinessReport['storage']> => {
    try {
      await services.translationQueue.getProperties({ abortSignal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
      return { reachable: true };
    } catch (error) {
      return { reachable: false, error: describeError(error) };
    }
  };
  const [storageReport, translator] = await Promise.all([
    storage(),
    probeTranslator(services.config.translator, fetchImpl),
  ]);
  return {
    status: storageReport.reachable && translator.reachable ? 'ready' : 'not_ready',
    version: services.config.version,
    storage: storageReport,
    translator,
  };
}
