/**
 * Refusals of validator-accepted inputs that are documented product behaviour, so the guard does not count
 * them. Each entry names the file (its id as the report lists it, or a pattern) and the PermanentItemError
 * code, with the reason the refusal is right. Empty: no refusal of a valid input is documented yet.
 */
export interface AllowedRefusal {
  /** File id as in the listing (`package=version:path`), or a pattern over it. */
  file: string | RegExp;
  code: string;
  reason: string;
}

export const ALLOWED_REFUSALS: readonly AllowedRefusal[] = [];

export const isAllowedRefusal = (id: string, code: string | undefined): boolean =>
  ALLOWED_REFUSALS.some(
    (a) => a.code === code && (typeof a.file === 'string' ? a.file === id : a.file.test(id)),
  );
