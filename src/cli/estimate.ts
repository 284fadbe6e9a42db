import type { CliSettings } from '../lib/config.js';
import type { EstimateBody } from '../lib/jobs/estimateBody.js';
import type { ApiClient } from './apiClient.js';
import { languagesOf, sourceContainerOf, summary, type Output } from './commands.js';
import { waitForJob } from './waitForJob.js';

export interface EstimateOptions {
  to: string;
  from?: string;
  prefix?: string;
  target?: string;
}

const COLUMNS = ['language', 'files', 'segments', 'characters', 'cost'] as const;

/** The estimate as a table: one row per target language and a total, costs in the price's currency. */
export function estimateTable(estimate: EstimateBody): string[] {
  const rows: string[][] = [[...COLUMNS]];
  const costHeader = estimate.currency ? `cost (${estimate.currency})` : 'cost';
  rows[0]![4] = costHeader;
  const row = (name: string, t: EstimateBody['total']) => [
    name,
    String(t.files),
    String(t.segments),
    String(t.characters),
    t.cost.toFixed(6),
  ];
  for (const [language, totals] of Object.entries(estimate.by_language)) rows.push(row(language, totals));
  rows.push(row('total', estimate.total));
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const lines = rows.map((r) =>
    r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  '),
  );
  lines.push(`at ${estimate.price_per_million_characters} per million characters`);
  if (estimate.total.unmeasured_files > 0) {
    lines.push(
      `${estimate.total.unmeasured_files} whole documents are metered by the provider as it translates them; their characters are not included.`,
    );
  }
  return lines;
}

/**
 * `estimate`: a dry run of the job `submit` would start, waited for, printed as a table. Exit code 0 when
 * the job ended `estimated`.
 */
export async function estimate(
  api: ApiClient,
  settings: CliSettings,
  source: string,
  options: EstimateOptions,
  output: Output,
): Promise<number> {
  const sourceContainer = await sourceContainerOf(settings, source, output);
  const languages = languagesOf(options.to);
  const job = await api.submit({
    source_container: sourceContainer,
    target_container: options.target ?? `${sourceContainer.slice(0, 52)}-translated`,
    target_languages: languages,
    ...(options.from ? { source_language: options.from } : {}),
    ...(options.prefix ? { prefix: options.prefix } : {}),
    dry_run: true,
  });
  const final = await waitForJob(api, job.job_id, () => undefined);
  if (output.json) output.data(final);
  else if (final.estimate) for (const line of estimateTable(final.estimate)) output.line(line);
  else {
    output.line(summary(final));
    if (final.error) output.line(`  error: ${final.error.code}: ${final.error.message}`);
  }
  if (!output.json && final.failed_files > 0)
    output.line(
      `${final.failed_files} files cannot be translated: batch-translate files ${final.job_id} --failed`,
    );
  return final.status === 'estimated' ? 0 : 1;
}
