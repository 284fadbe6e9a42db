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
  written_at: z.string(),
  entries: z.array(segmentEntrySchema),
});

export type SegmentEntry = z.infer<typeof segmentEntrySchema>;
export type SegmentMap = z.infer<typeof segmentMapSchema>;

export interface SegmentMapRef {
  sourceContainer: string;
  sourcePath: string;
  targetLanguage: string;
}

/**
 * `<language>/<sha256 of container and path>.json`: source names can be as long as a blob name may be, so
 * they are hashed; the language stays readable so one language's memory can be cleared by prefix.
 */
export function segmentMapBlobName(ref: SegmentMapRef): string {
  const digest = createHash('sha256').update(`${ref.sourceContainer}\n${ref.sourcePath}`).digest('hex');
  return `${ref.targetLanguage.toLowerCase()}/${digest}.json`;
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
  const parsed = segmentMapSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

/** Replaces the file's map with this run's. */
export async function writeSegmentMap(container: ContainerClient, map: SegmentMap): Promise<void> {
  const body = JSON.stringify(map);
  await container
    .getBlockBlobClient(
      segmentMapBlobName({
        sourceContainer: map.source_container,
        sourcePath: map.source_path,
        targetLanguage: map.target_language,
      }),
    )
    .upload(body, Buffer.byteLength(body), { blobHTTPHeaders: { blobContentType: 'application/json' } });
}
