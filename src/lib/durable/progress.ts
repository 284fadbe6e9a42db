import type { DurableCounts, ItemActivityResult } from './contracts.js';

export type DurablePhase =
  'planning' | 'translating' | 'recording_failures' | 'cancelling' | 'finishing' | 'done';

/** The orchestration's custom status: live progress, readable from the Durable status API. */
export interface DurableProgress {
  job_id: string;
  phase: DurablePhase;
  page: number;
  /** Items of the current page, and how many of them have been scheduled so far. */
  page_items: number;
  page_scheduled: number;
  counts: DurableCounts;
  cancel_requested: boolean;
  /** The orchestration's replay-safe clock, not the wall clock. */
  updated_at: string;
}

/** Adds one item's result to the tally (pure: the orchestration replays it). */
export function addItemResult(counts: DurableCounts, result: ItemActivityResult): DurableCounts {
  const next = { ...counts };
  if (result.status === 'skipped') next.skipped += 1;
  else next[result.status] += 1;
  next.characters += result.characters;
  return next;
}

/** Splits a page's items into waves of at most `maxParallel`, in order. */
export function wavesOf<T>(items: readonly T[], maxParallel: number): T[][] {
  const size = Math.max(1, Math.floor(maxParallel));
  const waves: T[][] = [];
  for (let start = 0; start < items.length; start += size) waves.push(items.slice(start, start + size));
  return waves;
}
