import type { BlobServiceClient } from '@azure/storage-blob';
import { ValidationError, isNotFound } from '../errors.js';
import {
  MAX_GLOSSARY_BLOB_BYTES,
  MAX_GLOSSARY_CHARS,
  mergeGlossaries,
  parseGlossaryFile,
  type Glossary,
} from '../glossary/glossary.js';
import { glossaryText } from '../glossary/glossaryText.js';
import type { JobRequest } from './jobRequest.js';
import { languageCode } from './jobRequest.js';

async function readGlossaryBlob(blobs: BlobServiceClient, container: string, path: string): Promise<string> {
  const blob = blobs.getContainerClient(container).getBlobClient(path);
  try {
    const properties = await blob.getProperties();
    if ((properties.contentLength ?? 0) > MAX_GLOSSARY_BLOB_BYTES) {
      throw new ValidationError(
        `glossary_blob "${path}" is ${properties.contentLength} bytes; the limit is ${MAX_GLOSSARY_BLOB_BYTES}.`,
        [{ field: 'glossary_blob', message: 'file too large' }],
        'glossary_too_large',
      );
    }
    return await glossaryText(await blob.downloadToBuffer(), path);
  } catch (error) {
    if (isNotFound(error)) {
      throw new ValidationError(
        `glossary_blob "${path}" does not exist in source_container "${container}".`,
        [{ field: 'glossary_blob', message: 'blob not found' }],
        'glossary_blob_not_found',
      );
    }
    throw error;
  }
}

/**
 * The job's glossary, resolved once at submission: the file's entries, overridden by the request's own,
 * restricted to the job's target languages. Stored on the job, so every file of the job applies the same
 * terms even if the file is edited while the job runs.
 */
export async function loadGlossary(
  blobs: BlobServiceClient,
  request: JobRequest,
): Promise<Glossary | undefined> {
  if (!request.glossary && !request.glossaryBlob) return undefined;
  const fromBlob = request.glossaryBlob
    ? parseGlossaryFile(
        await readGlossaryBlob(blobs, request.sourceContainer, request.glossaryBlob),
        request.glossaryBlob,
        (code) => languageCode.safeParse(code).success,
      )
    : undefined;
  const targets = new Set(request.targetLanguages.map((l) => l.toLowerCase()));
  const merged = mergeGlossaries(fromBlob, request.glossary);
  const glossary = Object.fromEntries(Object.entries(merged).filter(([l]) => targets.has(l.toLowerCase())));
  if (JSON.stringify(glossary).length > MAX_GLOSSARY_CHARS) {
    throw new ValidationError(
      `The glossary for this job's languages is over ${MAX_GLOSSARY_CHARS} characters; split the job by language or trim the glossary.`,
      [{ field: 'glossary', message: 'too large' }],
      'glossary_too_large',
    );
  }
  return glossary;
}
