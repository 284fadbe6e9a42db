import type { AccessToken, TokenCredential } from '@azure/identity';

/**
 * How requests to Translator authenticate: a resource key (plus the resource's region unless it is a
 * global single-service resource), or a Microsoft Entra ID identity, which needs a custom-subdomain endpoint
 * and the Cognitive Services User role on the resource.
 */
export type AzureAuth =
  { kind: 'key'; key: string; region?: string } | { kind: 'entra'; credential: TokenCredential };

export const COGNITIVE_SERVICES_SCOPE = 'https://cognitiveservices.azure.com/.default';

/** Tokens are renewed this long before they expire, so none lapses between being read and being checked. */
const REFRESH_MARGIN_MS = 5 * 60_000;

export type AuthHeaders = () => Promise<Record<string, string>>;

/**
 * Returns a function giving the auth headers for the next request. Entra tokens are fetched once and
 * shared until near expiry; concurrent requests wait on the same fetch rather than each asking for one.
 */
export function createAuthHeaders(auth: AzureAuth, now: () => number = Date.now): AuthHeaders {
  if (auth.kind === 'key') {
    const headers: Record<string, string> = { 'Ocp-Apim-Subscription-Key': auth.key };
    if (auth.region) headers['Ocp-Apim-Subscription-Region'] = auth.region;
    return () => Promise.resolve({ ...headers });
  }
  let cached: AccessToken | undefined;
  let pending: Promise<AccessToken> | undefined;
  const fetchToken = async (): Promise<AccessToken> => {
    try {
      const token = await auth.credential.getToken(COGNITIVE_SERVICES_SCOPE);
      if (!token) throw new Error('the credential returned no token');
      return token;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Could not get a Microsoft Entra ID token for Azure Translator: ${reason}`, {
        cause: error,
      });
    }
  };
  return async () => {
    let token = cached;
    const renewAt = token
      ? Math.min(token.refreshAfterTimestamp ?? Infinity, token.expiresOnTimestamp - REFRESH_MARGIN_MS)
      : 0;
    if (!token || now() >= renewAt) {
      pending ??= fetchToken().finally(() => {
        pending = undefined;
      });
      token = cached = await pending;
    }
    return { Authorization: `Bearer ${token.token}` };
  };
}
