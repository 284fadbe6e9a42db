import { z } from 'zod';
import { ValidationError } from '../errors.js';

// The tables SDK's token is base64 JSON of the service's next keys; callers get it re-encoded URL-safe
// and we check its shape on the way back so a forged token is a 400, not a crash inside the SDK.
const tokenShape = z.object({ nextPartitionKey: z.string(), nextRowKey: z.string().optional() }).strict();

export function encodeContinuation(sdkToken: string | undefined): string | undefined {
  if (!sdkToken) return undefined;
  return Buffer.from(sdkToken, 'base64').toString('base64url');
}

export function decodeContinuation(token: string | undefined): string | undefined {
  if (token === undefined || token === '') return undefined;
  const invalid = new ValidationError(
    'continuation is not a token this API issued.',
    undefined,
    'invalid_continuation',
  );
  if (!/^[A-Za-z0-9_-]{1,4096}$/.test(token)) throw invalid;
  const json = Buffer.from(token, 'base64url').toString('utf8');
  try {
    tokenShape.parse(JSON.parse(json));
  } catch {
    throw invalid;
  }
  return Buffer.from(json, 'utf8').toString('base64');
}
