import { ProviderError, classifyProviderAnswer } from '../providerErrors.js';
import { parseRetryAfter } from './retryPolicy.js';

interface ErrorBody {
  error?: { code?: unknown; message?: unknown };
}

function readErrorBody(text: string): { code?: string; message?: string } {
  try {
    const { error } = JSON.parse(text) as ErrorBody;
    return {
      ...(typeof error?.code === 'number' || typeof error?.code === 'string'
        ? { code: String(error.code) }
        : {}),
      ...(typeof error?.message === 'string' ? { message: error.message } : {}),
    };
  } catch {
    return text.trim() ? { message: text.trim().slice(0, 200) } : {};
  }
}

/** What each kind of failure tells the operator, beyond the provider's own words. */
const ADVICE: Partial<Record<ProviderError['kind'], string>> = {
  misconfigured:
    'The credentials (key, region, or an identity holding the Cognitive Services User role) or the endpoint are wrong; fix the configuration and redrive the failed items.',
  unsupported_language_pair: 'It cannot translate between these languages.',
  rejected: 'It rejected the request for good.',
};

/** The error for a non-2xx answer; its kind comes from the providers' shared table (providerErrors.ts). */
export async function errorFromResponse(
  response: Response,
  service = 'Azure Translator',
): Promise<ProviderError> {
  const body = readErrorBody(await response.text().catch(() => ''));
  const status = response.status;
  const code = body.code ?? String(status);
  const kind = classifyProviderAnswer(status, code, body.message);
  const detail = `${service} answered HTTP ${status}, code ${code}: ${body.message ?? response.statusText}`;
  const advice = ADVICE[kind];
  return new ProviderError(
    service,
    kind,
    advice ? `${detail}. ${advice}` : detail,
    code,
    parseRetryAfter(response.headers),
  );
}
