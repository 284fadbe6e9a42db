/** `--list`: each failing file with the judge's message and an excerpt, for developers. */
import type { FileResult } from './evaluate.js';

export function listFailures(results: readonly FileResult[]): string {
  const failing = results.filter((r) => r.outcome !== 'ok' && (r.inputAccepted || r.outcome === 'crashed'));
  if (failing.length === 0) return 'No failing files.';
  return failing
    .map((r) => {
      const lines = [`${r.outcome.toUpperCase()}${r.code ? ` (${r.code})` : ''} ${r.id} [${r.encoding}]`];
      for (const problem of r.problems.slice(0, 4)) lines.push(`  ${problem}`);
      if (r.problems.length > 4) lines.push(`  … ${r.problems.length - 4} more`);
      if (r.excerpt) lines.push(...r.excerpt.split('\n').map((l) => `  ${l}`));
      return lines.join('\n');
    })
    .join('\n\n');
}
