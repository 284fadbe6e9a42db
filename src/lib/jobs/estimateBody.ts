import type { ItemRow } from '../tracker/entities.js';
import type { Job, LanguageEstimate } from '../tracker/jobRecord.js';

export interface LanguageEstimateBody {
  files: number;
  segments: number;
  characters: number;
  /** Files whose characters the provider meters only when it translates them (whole documents). */
  unmeasured_files: number;
  cost: number;
}

/** A dry run's answer: what the job would send and cost, per target language and in all. */
export interface EstimateBody {
  currency?: string;
  price_per_million_characters: number;
  by_language: Record<string, LanguageEstimateBody>;
  total: LanguageEstimateBody;
}

export interface FileEstimateBody {
  segments: number;
  characters: number;
  cost: number;
  /** A whole document the provider meters itself: its characters are unknown before it is translated. */
  unmeasured: boolean;
}

type PricedJob = Pick<Job, 'price_per_million_characters' | 'price_currency'>;

// Micro-units: a cost is shown to a millionth of the currency, enough for a single character's price.
const costOf = (characters: number, job: PricedJob): number =>
  Math.round(characters * (job.price_per_million_characters ?? 0)) / 1e6;

export function toEstimateBody(job: PricedJob & Pick<Job, 'estimate'>): EstimateBody | null {
  if (!job.estimate) return null;
  const total: LanguageEstimate = { files: 0, segments: 0, characters: 0, unmeasured_files: 0 };
  const byLanguage: Record<string, LanguageEstimateBody> = {};
  for (const [language, totals] of Object.entries(job.estimate.by_language)) {
    byLanguage[language] = { ...totals, cost: costOf(totals.characters, job) };
    total.files += totals.files;
    total.segments += totals.segments;
    total.characters += totals.characters;
    total.unmeasured_files += totals.unmeasured_files;
  }
  return {
    ...(job.price_currency ? { currency: job.price_currency } : {}),
    price_per_million_characters: job.price_per_million_characters ?? 0,
    by_language: byLanguage,
    total: { ...total, cost: costOf(total.characters, job) },
  };
}

export function toFileEstimateBody(item: ItemRow, job: PricedJob): FileEstimateBody | null {
  if (item.estimated_characters === undefined || item.estimated_characters === null) return null;
  return {
    segments: item.estimated_segments ?? 0,
    characters: item.estimated_characters,
    cost: costOf(item.estimated_characters, job),
    unmeasured: item.estimate_unmeasured ?? false,
  };
}
