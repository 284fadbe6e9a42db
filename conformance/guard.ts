/**
 * The bar: for every format, at least 99.5% of validator-accepted inputs come out valid and undamaged (for PO
 * that means msgfmt accepts every output whose input it accepted), no accepted input is refused without a
 * documented reason (allowedRefusals.ts), and no file crashes.
 */
import type { Tally } from './tally.js';

export const REQUIRED_OK_SHARE = 0.995;

export function guardFailures(byFormat: ReadonlyMap<string, Tally>): string[] {
  const failures: string[] = [];
  for (const [format, t] of byFormat) {
    if (t.accepted > 0 && t.ok / t.accepted < REQUIRED_OK_SHARE) {
      failures.push(
        `${format}: ${t.ok} of ${t.accepted} accepted inputs valid and undamaged (needs ${REQUIRED_OK_SHARE * 100}%)`,
      );
    }
    if (t.undocumentedRefusals > 0)
      failures.push(
        `${format}: ${t.undocumentedRefusals} accepted inputs refused without a documented reason`,
      );
    if (t.crashed > 0) failures.push(`${format}: ${t.crashed} files crashed`);
  }
  return failures;
}
