/**
 * What a failed `translate` call was billed before it failed: a provider that sends several requests per
 * call knows which of them succeeded. Budgets settle a failed call at this figure; a failure without it is
 * settled at the whole reservation, since part of the call may have been billed.
 */
const PARTIAL_CHARGE = Symbol('partialCharge');

export function withPartialCharge<E>(error: E, charactersCharged: number): E {
  if (typeof error === 'object' && error !== null) {
    Object.defineProperty(error, PARTIAL_CHARGE, { value: charactersCharged, configurable: true });
  }
  return error;
}

export function partialChargeOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const value = (error as { [PARTIAL_CHARGE]?: unknown })[PARTIAL_CHARGE];
  return typeof value === 'number' ? value : undefined;
}
