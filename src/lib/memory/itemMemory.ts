import type { TextFormat } from '../formats/format.js';
import type { TranslateItemMessage } from '../messages.js';
import { ITEM_LIMITS } from '../worker/itemLimits.js';
import type { ItemDeps } from '../worker/translateItem.js';
import { canFindEdits, readTargetEdits } from './readTargetEdits.js';
import { readSegmentMap, writeSegmentMap, type SegmentMap, type SegmentMapRef } from './segmentMap.js';
import { SegmentMemory } from './segmentMemory.js';

/**
 * What the stored map says of the output last written for this file, before the file cache is asked:
 * `same`: written under this very cache key, so the target itself is the only place to look; `changed`:
 * written under another key with the same fingerprint, so the file's content has changed since.
 */
export type LastOutput = 'same' | 'changed';

export interface ItemMemory {
  lastOutput: LastOutput | undefined;
  /**
   * The segment memory to translate with; reads the existing target first when it has edits to keep.
   * Called only when the item is translated: a reused output needs no memory.
   */
  open(): Promise<SegmentMemory>;
  /** Writes this run's map, once the target is committed; nothing when it equals the stored one or was not opened. */
  save(): Promise<void>;
}

/**
 * Reads an item's segment map (one storage call; none when the message says the memory is empty). Opening
 * the memory then reads the existing target too, only when the map can tell a person's edits in this format
 * (see canFindEdits) and the job keeps edits.
 * Undefined when the memory is off.
 */
export async function openItemMemory(
  deps: Pick<ItemDeps, 'config' | 'storage' | 'parsing' | 'itemLimits' | 'now'>,
  message: TranslateItemMessage,
  file: {
    format: TextFormat;
    fingerprint: string;
    /** The output's file cache key, kept in the map to tell the next run whether the file changed. */
    cacheKey: string;
    overwriteEdits?: boolean;
    readTarget: boolean;
    /** The source's file-wide context (ScannedText.definitions), to parse the target's parts alike. */
    definitions?: string;
  },
): Promise<ItemMemory | undefined> {
  const settings = deps.config.memory;
  if (!settings.enabled) return undefined;
  const container = deps.storage.blobs.getContainerClient(settings.container);
  const ref: SegmentMapRef = {
    sourceContainer: message.source_container,
    sourcePath: message.source_path,
    targetLanguage: message.target_language,
  };
  // The planner found no map of this container in this language (message.memory_empty): nothing to read.
  const stored = message.memory_empty ? undefined : await readSegmentMap(container, ref);
  const { format, fingerprint, cacheKey } = file;
  const lastOutput: LastOutput | undefined =
    stored?.fingerprint !== fingerprint || stored.output_cache_key === undefined
      ? undefined
      : stored.output_cache_key === cacheKey
        ? 'same'
        : 'changed';
  let memory: SegmentMemory | undefined;
  return {
    lastOutput,
    async open() {
      const keepEdits = file.readTarget && !file.overwriteEdits && canFindEdits(format, stored);
      const target = keepEdits
        ? await readTargetEdits(
            deps.storage.blobs
              .getContainerClient(message.target_container)
              .getBlockBlobClient(message.target_path),
            format,
            deps.parsing,
            { partChars: (deps.itemLimits ?? ITEM_LIMITS).partChars, maxBytes: deps.config.maxFileBytes },
            { targetLanguage: message.target_language, definitions: file.definitions ?? '' },
          )
        : {};
      // A map this same job wrote comes from another delivery of this very item: reusing it would let the
      // delivery that is counted report 0 characters for text the provider was paid for in the other.
      const reusable = stored?.fingerprint === fingerprint && stored.job_id !== message.job_id;
      memory = new SegmentMemory({
        ...(stored ? { previous: { entries: stored.entries, reusable } } : {}),
        ...target,
        ...(format.decodeTranslation
          ? { decode: (text: string) => format.decodeTranslation?.(text) ?? text }
          : {}),
        maxSegments: settings.maxSegments,
      });
      return memory;
    },
    async save() {
      const entries = memory?.entries();
      if (!entries || (stored && unchanged(stored, fingerprint, cacheKey, entries))) return;
      await writeSegmentMap(container, {
        version: 1,
        source_container: ref.sourceContainer,
        source_path: ref.sourcePath,
        target_language: ref.targetLanguage,
        ...(message.source_language ? { source_language: message.source_language } : {}),
        fingerprint,
        job_id: message.job_id,
        written_at: deps.now().toISOString(),
        output_cache_key: cacheKey,
        entries,
      });
    },
  };
}

type Piece = SegmentMap['entries'][number]['source'][number];
const samePiece = (a: Piece, b: Piece | undefined): boolean =>
  b !== undefined &&
  a.kind === b.kind &&
  a.text === b.text &&
  (a.kind !== 'term' || (b.kind === 'term' && a.translation === b.translation));

/** Entry by entry, stopping at the first difference: a re-run that changed nothing writes no map. */
const unchanged = (
  stored: SegmentMap,
  fingerprint: string,
  cacheKey: string,
  entries: SegmentMap['entries'],
): boolean =>
  stored.fingerprint === fingerprint &&
  stored.output_cache_key === cacheKey &&
  stored.entries.length === entries.length &&
  entries.every((entry, i) => {
    const before = stored.entries[i];
    return (
      before !== undefined &&
      before.key === entry.key &&
      before.translation === entry.translation &&
      before.written === entry.written &&
      before.source.length === entry.source.length &&
      entry.source.every((piece, p) => samePiece(piece, before.source[p]))
    );
  });
