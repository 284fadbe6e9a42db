/**
 * The segment memory's storage: one blob per (source container, source path, target language) holding what
 * the last successful run of that file translated, segment by segment. A re-run reads it once (one storage
 * call) and writes it once, so a file's memory costs at most two calls per item whatever its size.
 */
import { createHash } from 'node:crypto';
import type { ContainerClient } from '@azure/storage-blob';
import { z } from 'zod';
import { isNotFound } from '../errors.js';

const pieceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string() }),
  z.object({ kind: z.literal('keep'), text: z.string() }),
  z.object({ kind: z.literal('term'), text: z.string(), translation: z.string() }),
]);

export const segmentEntrySchema = z.object({
  /** The unit's key in keyed formats (PO msgctxt+msgid, XLIFF unit id, JSON key path); absent otherwise. */
  key: z.string().optional(),
  /** The segment as sent to the provider: human text, protected pieces and glossary terms. */
  source: z.array(pieceSchema),
  /** What the app wrote for it (protected pieces restored). */
  translation: z.string(),
  /**
   * Formats that keep edits by position (see TextFormat.editsByPosition): the segment's stretch of the
   * output, when the format's escaping made it differ from `translation`.
   */
  written: z.string().optional(),
});

export const segmentMapSchema = z.object({
  version: z.literal(1),
  source_container: z.string(),
  source_path: z.string(),
  target_language: z.string(),
  source_language: z.string().optional(),
  /** Everything besides a segment's source that decides its translation; a map with another is not reused. */
  fingerprint: z.string(),
  /** The job whose run wrote this map. */
  job_id: z.string(),
  /**
   * The file cache key of the output this run wrote: a re-run under the same key finds its output in the
   * target without asking the cache, and one under another key (same fingerprint) knows the file changed.
   */
  output_cache_key: z.string().optional(),
  written_at: z.string(),
  entries: z.array(segmentEntrySchema),
});

export type SegmentEntry = z.infer<typeof segmentEntrySchema>;
export type SegmentMap = z.infer<typeof segmentMapSchema>;

/** The map without its entries: zod checks these; the entries (tens of thousands) are checked by a loop. */
const mapHeaderSchema = segmentMapSchema.extend({ entries: z.array(z.unknown()) });

const isPiece = (value: unknown): boolean => {
  if (typeof value !== 'object' || value === null) return false;
  const piece = value as { kind?: unknown; text?: unknown; translation?: unknown };
  if (typeof piece.text !== 'string') return false;
  if (piece.kind === 'term') return typeof piece.translation === 'string';
  return piece.kind === 'text' || piece.kind === 'keep';
};

const isEntry = (value: unknown): value is SegmentEntry => {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as { key?: unknown; source?: unknown; translation?: unknown; written?: unknown };
  return (
    (entry.key === undefined || typeof entry.key === 'string') &&
    (entry.written === undefined || typeof entry.written === 'string') &&
    typeof entry.translation === 'string' &&
    Array.isArray(entry.source) &&
    entry.source.every(isPiece)
  );
};

/**
 * The same check as `segmentMapSchema`, in a fraction of its time on large maps (zod takes most of a second
 * for 50,000 entries, on the thread that also renews message leases).
 */
export function parseSegmentMap(json: unknown): SegmentMap | undefined {
  const header = mapHeaderSchema.safeParse(json);
  if (!header.success || !header.data.entries.every(isEntry)) return undefined;
  return header.data as SegmentMap;
}

export interface SegmentMapRef {
  sourceContainer: string;
  sourcePath: string;
  targetLanguage: string;
}

/**
 * `<language>/<source container>/<sha256 of path>.json`: source names can be as long as a blob name may be,
 * so the path is hashed; language and container stay readable, so one language's or one container's memory
 * can be cleared by prefix, and whether a container has any memory at all is one listing (holdsSegmentMaps).
 */
export function segmentMapBlobName(ref: SegmentMapRef): string {
  const digest = createHash('sha256').update(ref.sourcePath).digest('hex');
  return `${segmentMapPrefix(ref.sourceContainer, ref.targetLanguage)}${digest}.json`;
}

/** Where every map of one source container and target language is kept. */
export function segmentMapPrefix(sourceContainer: string, targetLanguage: string): string {
  return `${targetLanguage.toLowerCase()}/${sourceContainer}/`;
}

/** The file's map, or undefined when there is none or it cannot be read as one (a miss, never an error). */
export async function readSegmentMap(
  container: ContainerClient,
  ref: SegmentMapRef,
): Promise<SegmentMap | undefined> {
  let bytes: Buffer;
  try {
    // One GET: downloadToBuffer would first ask for the blob's size, a second storage call.
    const response = await container.getBlockBlobClient(segmentMapBlobName(ref)).download();
    const chunks: Buffer[] = [];
    for await (const chunk of response.readableStreamBody ?? []) chunks.push(chunk as Buffer);
    bytes = Buffer.concat(chunks);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
  return parseSegmentMap(json);
}

/** Replaces the file's map with this run's; a memory container deleted since start-up is created again. */
export async function writeSegmentMap(container: ContainerClient, map: SegmentMap): Promise<void> {
  const body = JSON.stringify(map);
  const blob = container.getBlockBlobClient(
    segmentMapBlobName({
      sourceContainer: map.source_container,
      sourcePath: map.source_path,
      targetLanguage: map.target_language,
    }),
  );
  const write = () =>
    blob.upload(body, Buffer.byteLength(body), { blobHTTPHeaders: { blobContentType: 'application/json' } });
  try {
    await write();
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await container.createIfNotExists();
    await write();
  }
}
