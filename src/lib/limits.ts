/**
 * Every length limit a job's names and tags must meet, in one place: the job request, the planner, the queue
 * message schema and the worker all read them from here, so nothing the API accepts can be refused later by
 * a message schema that disagrees (which used to strand the item, and with it the job).
 */

/** Container names: Azure's rule. */
export const MIN_CONTAINER_NAME_CHARS = 3;
export const MAX_CONTAINER_NAME_CHARS = 63;

/** Azure Storage's limits on a blob name: its length, and how many `/`-separated segments it may have. */
export const MAX_BLOB_NAME_CHARS = 1024;
export const MAX_BLOB_NAME_SEGMENTS = 254;

/** A prefix selects blobs, so it can be no longer than a blob name. */
export const MAX_PREFIX_CHARS = MAX_BLOB_NAME_CHARS;

/**
 * Language tags: RFC 5646 §4.4.1 asks implementations to accept at least 35 characters; the request's pattern
 * (language plus at most two subtags, 21 characters) stays well inside it.
 */
export const MIN_LANGUAGE_TAG_CHARS = 2;
export const MAX_LANGUAGE_TAG_CHARS = 35;

/**
 * A blob's Content-Type is metadata the worker only passes on (to the output blob and a document provider).
 * One longer than this is ignored at planning, as if the blob had none: the format then comes from the name.
 */
export const MAX_CONTENT_TYPE_CHARS = 256;

/** Why `path` cannot name a blob, or undefined when it can. */
export function blobNameProblem(path: string): string | undefined {
  if (path.length > MAX_BLOB_NAME_CHARS) {
    return `The output name "${path.slice(0, 60)}…" would be ${path.length} characters; blob names may have at most ${MAX_BLOB_NAME_CHARS}.`;
  }
  const segments = path.split('/').length;
  if (segments > MAX_BLOB_NAME_SEGMENTS) {
    return `The output name would have ${segments} path segments; blob names may have at most ${MAX_BLOB_NAME_SEGMENTS}.`;
  }
  return undefined;
}

/** A listed Content-Type the messages can carry, or undefined (absent, or too long to be a real one). */
export const usableContentType = (contentType: string | undefined): string | undefined =>
  contentType && contentType.length <= MAX_CONTENT_TYPE_CHARS ? contentType : undefined;
