import { createHash } from 'node:crypto';
import type { ContainerClient } from '@azure/storage-blob';
import pLimit from 'p-limit';
import { ValidationError } from '../errors.js';
import { readSegmentMap, type SegmentMap } from '../memory/segmentMap.js';
import { packageVersion } from '../packageVersion.js';
import type { Services } from '../services.js';
import type { ItemRow } from '../tracker/entities.js';
import type { Job } from '../tracker/jobRecord.js';
import type { Tracker } from '../tracker/tracker.js';
import { TMX_TAIL, sourceSeg, targetSeg, tmxHead, tmxUnit, xmlComment } from '../tmx/tmxWriter.js';
import { xmlCanCarry } from '../formats/xmlText.js';
import { jobNotFound } from './getJob.js';
import { parseJobId } from './jobId.js';

/** Item rows read per page (unless told otherwise), and segment maps read at once. */
const PAGE_SIZE = 100;
const MAP_READS = 8;
/**
 * Identical pairs are written once: a set of 16-byte digests remembers what was written, up to this many
 * (about 100 MB); past it, repeats are no longer noticed (the file stays valid TMX).
 */
const MAX_REMEMBERED_PAIRS = 1_000_000;

export type ExportTmxDeps = Pick<Services, 'config' | 'storage' | 'now'> & {
  tracker: Pick<Tracker, 'readSnapshot' | 'listItems'>;
};

export interface TmxExport {
  fileName: string;
  /** The document, in pieces, produced as it is read: a large job is never held whole. */
  body: AsyncIterable<string>;
}

function languageOf(job: Job, raw: string | null | undefined): string {
  const wanted = raw?.trim() ?? '';
  const language = job.target_languages.find((l) => l.toLowerCase() === wanted.toLowerCase());
  if (language) return language;
  throw new ValidationError(
    wanted
      ? `target_language "${wanted}" is not one of this job's target languages (${job.target_languages.join(', ')}).`
      : `The query parameter target_language is required: one of ${job.target_languages.join(', ')}.`,
    [{ field: 'target_language', message: wanted ? 'not a target language of the job' : 'required' }],
    'invalid_target_language',
  );
}

/** The units of one file's map, as TMX text; `seen` drops pairs already written. */
function unitsOf(map: SegmentMap, sourceLanguage: string, seen: Set<string>, counts: { unwritable: number }) {
  let text = '';
  for (const entry of map.entries) {
    if (!entry.translation.trim() || !entry.source.some((p) => p.kind !== 'keep' && p.text.trim())) continue;
    if (!xmlCanCarry(entry.translation) || !entry.source.every((p) => xmlCanCarry(p.text))) {
      counts.unwritable += 1;
      continue;
    }
    const source = sourceSeg(entry.source);
    const target = targetSeg(entry.translation, source.kept);
    const digest = createHash('sha256')
      .update(`${sourceLanguage}\u0000${source.seg}\u0000${target}`)
      .digest('base64')
      .slice(0, 22);
    if (seen.has(digest)) continue;
    if (seen.size < MAX_REMEMBERED_PAIRS) seen.add(digest);
    text += tmxUnit(
      { language: sourceLanguage, seg: source.seg },
      { language: map.target_language, seg: target },
    );
  }
  return text;
}

async function* tmxDocument(
  deps: ExportTmxDeps,
  job: Job,
  language: string,
  memory: ContainerClient,
  pageSize: number,
): AsyncGenerator<string> {
  const jobId = job.partitionKey;
  yield tmxHead({
    jobId,
    sourceLanguage: job.source_language || '*all*',
    toolVersion: packageVersion(),
    createdAt: deps.now(),
  });
  const seen = new Set<string>();
  const counts = { unwritable: 0 };
  const reads = pLimit(MAP_READS);
  let continuation: string | undefined;
  do {
    const page = await deps.tracker.listItems(jobId, {
      status: 'succeeded',
      limit: pageSize,
      ...(continuation ? { continuation } : {}),
    });
    continuation = page.continuation;
    const rows = page.items.filter((row) => row.target_language.toLowerCase() === language.toLowerCase());
    const maps = await Promise.all(
      rows.map((row) =>
        reads(() =>
          readSegmentMap(memory, {
            sourceContainer: job.source_container,
            sourcePath: row.source_path,
            targetLanguage: row.target_language,
          }),
        ),
      ),
    );
    let text = '';
    rows.forEach((row: ItemRow, i) => {
      const map = maps[i];
      if (!map) text += xmlComment(`${row.source_path}: no segment memory for this file`);
      else if (map.job_id !== jobId)
        text += xmlComment(
          `${row.source_path}: left out, its segment memory was since rewritten by job ${map.job_id}`,
        );
      else {
        const sourceLanguage = job.source_language || map.source_language || row.detected_language || 'und';
        text += unitsOf(map, sourceLanguage, seen, counts);
      }
    });
    if (text) yield text;
  } while (continuation);
  if (counts.unwritable > 0)
    yield xmlComment(`${counts.unwritable} segments left out: they hold characters XML 1.0 cannot carry`);
  yield TMX_TAIL;
}

/**
 * `GET /api/jobs/{id}/tmx?target_language=es`: the job's translations into that language as TMX 1.4b, read
 * from the segment memory of its succeeded files, page by page. Only maps this job wrote are used: a file
 * whose map a later job has since rewritten is left out (a comment in the document names it), since its
 * entries are no longer this job's translations. The checks run before the first byte, so a bad request gets
 * a JSON error; a job still running exports what has succeeded so far.
 */
export async function exportTmx(
  deps: ExportTmxDeps,
  rawJobId: string | undefined,
  rawLanguage: string | null | undefined,
  options: { pageSize?: number } = {},
): Promise<TmxExport> {
  const jobId = parseJobId(rawJobId);
  const snapshot = await deps.tracker.readSnapshot(jobId);
  if (!snapshot) throw jobNotFound(jobId);
  const language = languageOf(snapshot.job, rawLanguage);
  const memory = deps.storage.blobs.getContainerClient(deps.config.memory.container);
  return {
    fileName: `${jobId}.${language}.tmx`,
    body: tmxDocument(deps, snapshot.job, language, memory, options.pageSize ?? PAGE_SIZE),
  };
}
