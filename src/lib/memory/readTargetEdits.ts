import type { BlockBlobClient } from '@azure/storage-blob';
import type { TextFormat } from '../formats/format.js';
import type { ParsePool } from '../worker/parsing/parsePool.js';
import { readTargetSpans } from './readTargetSpans.js';
import { readTargetUnits } from './readTargetUnits.js';
import type { SegmentMap } from './segmentMap.js';
import type { MemoryInput } from './segmentMemory.js';

/**
 * Whether the previous run's map can tell a person's edits in this format's targets: keyed entries for a
 * keyed format (PO, XLIFF, JSON), unkeyed ones for a format that keeps edits by position (Markdown, text,
 * subtitles). Only then is the existing target worth its storage call.
 */
export function canFindEdits(format: TextFormat, stored: SegmentMap | undefined): boolean {
  if (!stored || stored.entries.length === 0) return false;
  if (format.readUnits) return stored.entries.some((entry) => entry.key !== undefined);
  return format.editsByPosition === true && stored.entries.every((entry) => entry.key === undefined);
}

/** What of the existing target the memory compares with what the app wrote (nothing when it is unreadable). */
export async function readTargetEdits(
  target: BlockBlobClient,
  format: TextFormat,
  parsing: ParsePool,
  limits: { partChars: number; maxBytes: number },
  context: { targetLanguage: string; definitions: string },
): Promise<Pick<MemoryInput, 'targetUnits' | 'targetSpans'>> {
  if (format.readUnits) {
    const targetUnits = await readTargetUnits(target, format, parsing, limits);
    return targetUnits ? { targetUnits } : {};
  }
  const targetSpans = await readTargetSpans(target, format, parsing, limits, context);
  return targetSpans ? { targetSpans } : {};
}
