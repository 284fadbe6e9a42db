/**
 * `--list`: each failing file with the judge's message and an excerpt, for developers; then the inputs the
 * validators rejected (not held against the product), so a judge's rejections can be checked too.
 */
import type { FileResult } from './evaluate.js';

export function listFailures(results: readonly FileResult[]): string {
  const failing = results.filter((r) => r.outcome !== 'ok' && (r.inputAccepted || r.outcome === 'crashed'));
  const rejected = results
    .filter((r) => !r.inputAccepted)
    .map((r) => `REJECTED INPUT ${r.id} [${r.encoding}]: ${r.inputProblem ?? ''}`);
  const listed = failing
    .map((r) => {
      const lines = [`${r.outcome.toUpperCase()}${r.code ? ` (${r.code})` : ''} ${r.id} [${r.encoding}]`];
      for (const problem of r.problems.slice(0, 4)) lines.push(`  ${problem}`);
      if (r.problems.length > 4) lines.push(`  … ${r.problems.length - 4} more`);
      if (r.excerpt) lines.push(...r.excerpt.split('\n').map((l) => `  ${l}`));
      return lines.join('\n');
    })
    .join('\n\n');
  return [
    failing.length === 0 ? 'No failing files.' : listed,
    ...(rejected.length > 0 ? ['', ...rejected] : []),
  ].join('\n');
}
