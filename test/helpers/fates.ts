import { fateOf } from '../../src/lib/fate.js';

/** The code an error would record an item with when its fate is permanent; undefined for any other fate. */
export function permanentCodeOf(error: unknown): string | undefined {
  const fate = fateOf(error);
  return fate.kind === 'permanent' ? fate.code : undefined;
}

/** What fate.ts decides for `error`: permanent, retry_later, invariant or transient. */
export const fateKindOf = (error: unknown): string => fateOf(error).kind;
