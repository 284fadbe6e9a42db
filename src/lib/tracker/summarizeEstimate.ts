import type { TableClient } from '@azure/data-tables';
import { ITEM_PREFIX, odata, rowKeyRange } from './keys.js';
import type { ItemRow } from './entities.js';
import type { JobEstimate, LanguageEstimate } from './jobRecord.js';

type EstimateColumns = Pick<
  ItemRow,
  'target_language' | 'status' | 'estimated_segments' | 'estimated_characters' | 'estimate_unmeasured'
>;

/**
 * A dry run's totals per target language, summed from its item rows once every item is counted: one
 * projected pass over the job's items, so per-language sums need no extra counters while items run. Only
 * measured files count; a file that failed (unsupported, too large) would fail the real run too.
 */
export async function summarizeEstimate(
  table: TableClient,
  jobId: string,
  languages: readonly string[],
): Promise<JobEstimate> {
  const byLanguage: Record<string, LanguageEstimate> = {};
  for (const language of languages)
    byLanguage[language] = { files: 0, segments: 0, characters: 0, unmeasured_files: 0 };
  const filter = `PartitionKey eq ${odata(jobId)} and ${rowKeyRange(ITEM_PREFIX)} and status eq 'succeeded'`;
  const select = [
    'target_language',
    'status',
    'estimated_segments',
    'estimated_characters',
    'estimate_unmeasured',
  ];
  for await (const row of table.listEntities<EstimateColumns>({ queryOptions: { filter, select } })) {
    const totals = (byLanguage[row.target_language] ??= {
      files: 0,
      segments: 0,
      characters: 0,
      unmeasured_files: 0,
    });
    totals.files += 1;
    totals.segments += row.estimated_segments ?? 0;
    totals.characters += row.estimated_characters ?? 0;
    if (row.estimate_unmeasured) totals.unmeasured_files += 1;
  }
  return { by_language: byLanguage };
}
