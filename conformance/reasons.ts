/** Failures grouped by reason: the message with its specifics (quoted text, numbers, ids) blanked. */
import type { FileResult } from './evaluate.js';

export const reasonOf = (result: FileResult): string => {
  const problem =
    result.outcome === 'damaged' && !result.identityOk
      ? result.problems[0]
      : (result.problems.find((p) => !p.startsWith('identity')) ?? result.problems[0]);
  const general = (problem ?? '')
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/\b(msgid|trans-unit|unit|cue|entry|item|line|at item)\s+\S+/g, '$1 …')
    .replace(/\$[\w.[\]\-@$]*/g, '$…')
    .replace(/\d+/g, 'N')
    .replace(/(?:N[:.])+N?/g, 'N')
    .slice(0, 140);
  return `${result.outcome}${result.code ? ` (${result.code})` : ''}: ${general}`;
};

export interface ReasonGroup {
  reason: string;
  count: number;
  example: FileResult;
}

export function topReasons(results: readonly FileResult[], limit: number): ReasonGroup[] {
  const groups = new Map<string, ReasonGroup>();
  for (const result of results) {
    if (result.outcome === 'ok' || (!result.inputAccepted && result.outcome !== 'crashed')) continue;
    const reason = reasonOf(result);
    const group = groups.get(reason);
    if (group) group.count++;
    else groups.set(reason, { reason, count: 1, example: result });
  }
  return [...groups.values()]
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
    .slice(0, limit);
}
