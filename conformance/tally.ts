/** Counts per format and per project: what the report prints and the guard judges. */
import { addCoverage, NO_COVERAGE, type Coverage } from './coverage.js';
import { isAllowedRefusal } from './allowedRefusals.js';
import type { FileResult } from './evaluate.js';

export interface Tally {
  files: number;
  /** Inputs the validator rejected: counted apart, not held against the product. */
  rejectedInputs: number;
  accepted: number;
  identityOk: number;
  validOutputs: number;
  undamaged: number;
  ok: number;
  refused: number;
  /** Refusals of accepted inputs that the allow-list does not document. */
  undocumentedRefusals: number;
  refusedBy: Map<string, number>;
  /** Anything thrown that is not a PermanentItemError, on any input. */
  crashed: number;
  coverage: Coverage;
}

export const emptyTally = (): Tally => ({
  files: 0,
  rejectedInputs: 0,
  accepted: 0,
  identityOk: 0,
  validOutputs: 0,
  undamaged: 0,
  ok: 0,
  refused: 0,
  undocumentedRefusals: 0,
  refusedBy: new Map(),
  crashed: 0,
  coverage: NO_COVERAGE,
});

export function count(tally: Tally, result: FileResult): void {
  tally.files++;
  if (result.outcome === 'crashed') tally.crashed++;
  if (!result.inputAccepted) {
    tally.rejectedInputs++;
    return;
  }
  tally.accepted++;
  if (result.identityOk) tally.identityOk++;
  const produced = result.outcome !== 'refused' && result.outcome !== 'crashed';
  if (produced && result.outcome !== 'invalid output') tally.validOutputs++;
  if (produced && result.outcome === 'ok') tally.undamaged++;
  if (result.outcome === 'ok') tally.ok++;
  if (result.outcome === 'refused') {
    tally.refused++;
    const code = result.code ?? '?';
    tally.refusedBy.set(code, (tally.refusedBy.get(code) ?? 0) + 1);
    if (!isAllowedRefusal(result.id, result.code)) tally.undocumentedRefusals++;
  }
  tally.coverage = addCoverage(tally.coverage, result.coverage);
}

export function tallyBy(results: readonly FileResult[], key: (r: FileResult) => string): Map<string, Tally> {
  const tallies = new Map<string, Tally>();
  for (const result of results) {
    const name = key(result);
    let tally = tallies.get(name);
    if (!tally) tallies.set(name, (tally = emptyTally()));
    count(tally, result);
  }
  return tallies;
}

export const percent = (part: number, whole: number): string =>
  whole === 0 ? '–' : `${(Math.floor((1000 * part) / whole) / 10).toFixed(1)}%`;
