import type { Reuse } from '../cache/translationCache.js';
import type { GlossaryReport } from '../glossary/termReport.js';
import type { MemoryCounts } from '../memory/segmentMemory.js';
import type { ItemEstimate } from '../tracker/outcomeRecorder.js';

/** What translating one (file, language) produced, for the item's record and for measurement. */
export interface ItemResult {
  charactersCharged: number;
  /** Set when an earlier output was reused instead of translating. */
  cache?: Reuse;
  /** When the job named no source language and the provider detected one. */
  detectedLanguage?: string;
  /** Glossary terms in the source and those missing from the output (text formats that were translated). */
  glossary?: GlossaryReport;
  requests: number;
  charactersSent: number;
  /** What the segment memory answered (text formats translated with a memory). */
  memory?: MemoryCounts & { charactersSaved: number };
  /** Segments answered without the provider (the job's translation memory: TMX exact matches). */
  segmentsReused?: number;
  /** A dry run: what translating would send, measured without calling the provider. */
  estimate?: ItemEstimate;
}
