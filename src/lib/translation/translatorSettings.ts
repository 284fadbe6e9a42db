/**
 * Translation provider settings: which provider, and what it needs. Values come from config.ts, the only
 * module that reads the environment; this one only checks them against each other.
 */
/** `pseudo` needs nothing and is the default; `azure` and `apertium` need their endpoint settings. */
export const TRANSLATOR_PROVIDERS = ['pseudo', 'azure', 'apertium'] as const;
export type TranslatorProvider = (typeof TRANSLATOR_PROVIDERS)[number];

/** The provider and everything it needs, checked at start-up so a bad deployment fails before any work. */
export type TranslatorSettings =
  | { provider: 'pseudo'; pseudoLatencyMs: number }
  | {
      provider: 'azure';
      endpoint: string;
      /** Absent: Microsoft Entra ID through DefaultAzureCredential (custom-subdomain endpoint required). */
      key?: string;
      region?: string;
      managedIdentityClientId?: string;
      /** The adaptive quota limit's first rate, in characters per second. */
      startCharsPerSecond: number;
      concurrency: number;
      timeoutMs: number;
      retryBudgetMs: number;
    }
  | {
      provider: 'apertium';
      url: string;
      defaultSourceLanguage: string;
      concurrency: number;
      timeoutMs: number;
      retryBudgetMs: number;
    };

// Entra ID tokens are only accepted on a resource's own endpoint, never on the shared global one.
const GLOBAL_TRANSLATOR_HOST = 'api.cognitive.microsofttranslator.com';

/** The settings this module reads, as config.ts has validated them. */
export interface TranslatorSettingValues {
  TRANSLATOR_PROVIDER: TranslatorProvider;
  PSEUDO_LATENCY_MS: number;
  AZURE_TRANSLATOR_ENDPOINT?: string | undefined;
  AZURE_TRANSLATOR_KEY?: string | undefined;
  AZURE_TRANSLATOR_REGION?: string | undefined;
  AZURE_TRANSLATOR_CLIENT_ID?: string | undefined;
  AZURE_TRANSLATOR_START_CHARS_PER_SECOND: number;
  APERTIUM_URL?: string | undefined;
  APERTIUM_SOURCE_LANGUAGE: string;
  TRANSLATOR_CONCURRENCY: number;
  TRANSLATOR_TIMEOUT_MS: number;
  TRANSLATOR_RETRY_BUDGET_SECONDS: number;
}

/** The provider's settings, checked across fields; problems are added to config's list, not thrown. */
export function resolveTranslatorSettings(
  env: TranslatorSettingValues,
  problems: string[],
): TranslatorSettings {
  const common = {
    concurrency: env.TRANSLATOR_CONCURRENCY,
    timeoutMs: env.TRANSLATOR_TIMEOUT_MS,
    retryBudgetMs: env.TRANSLATOR_RETRY_BUDGET_SECONDS * 1000,
  };
  switch (env.TRANSLATOR_PROVIDER) {
    case 'pseudo':
      return { provider: 'pseudo', pseudoLatencyMs: env.PSEUDO_LATENCY_MS };
    case 'azure': {
      const endpoint = env.AZURE_TRANSLATOR_ENDPOINT ?? '';
      if (!endpoint) problems.push('AZURE_TRANSLATOR_ENDPOINT: required when TRANSLATOR_PROVIDER=azure');
      else if (!env.AZURE_TRANSLATOR_KEY && new URL(endpoint).hostname === GLOBAL_TRANSLATOR_HOST) {
        problems.push(
          "AZURE_TRANSLATOR_ENDPOINT: Microsoft Entra ID needs the resource's custom-subdomain endpoint (https://<name>.cognitiveservices.azure.com); set AZURE_TRANSLATOR_KEY to use the global endpoint",
        );
      }
      return {
        provider: 'azure',
        endpoint: endpoint.replace(/\/+$/, ''),
        ...(env.AZURE_TRANSLATOR_KEY ? { key: env.AZURE_TRANSLATOR_KEY } : {}),
        ...(env.AZURE_TRANSLATOR_REGION ? { region: env.AZURE_TRANSLATOR_REGION } : {}),
        ...(env.AZURE_TRANSLATOR_CLIENT_ID
          ? { managedIdentityClientId: env.AZURE_TRANSLATOR_CLIENT_ID }
          : {}),
        startCharsPerSecond: env.AZURE_TRANSLATOR_START_CHARS_PER_SECOND,
        ...common,
      };
    }
    case 'apertium':
      if (!env.APERTIUM_URL) problems.push('APERTIUM_URL: required when TRANSLATOR_PROVIDER=apertium');
      return {
        provider: 'apertium',
        url: (env.APERTIUM_URL ?? '').replace(/\/+$/, ''),
        defaultSourceLanguage: env.APERTIUM_SOURCE_LANGUAGE,
        ...common,
      };
  }
}
