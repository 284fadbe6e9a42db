import type { ContainerClient, ContainerListBlobFlatSegmentResponse } from '@azure/storage-blob';
import { extname } from 'node:path/posix';

/** A blob as the listing shows it: enough to plan its items without reading it. */
export interface ListedBlob {
  name: string;
  size: number;
  contentType?: string;
}

export interface SourcePage {
  blobs: ListedBlob[];
  nextCursor?: string;
}

/** One listing page of the source, filtered to translatable candidates. */
export async function listSourcePage(
  container: ContainerClient,
  options: {
    prefix: string;
    extensions?: readonly string[];
    /** Blobs that are job inputs rather than documents (the job's glossary and TMX files). */
    exclude?: readonly string[];
    cursor?: string;
    pageSize: number;
  },
): Promise<SourcePage> {
  const pages = container.listBlobsFlat({ prefix: options.prefix || undefined }).byPage({
    maxPageSize: options.pageSize,
    ...(options.cursor ? { continuationToken: options.cursor } : {}),
  });
  const first = await pages.next();
  if (first.done) return { blobs: [] };
  const value: ContainerListBlobFlatSegmentResponse = first.value;
  const blobs: ListedBlob[] = [];
  for (const item of value.segment.blobItems) {
    // Folder markers (hierarchical namespace, or tools that upload "dir/") are not files.
    if (item.name.endsWith('/')) continue;
    if (options.extensions && !options.extensions.includes(extname(item.name).toLowerCase())) continue;
    if (options.exclude?.includes(item.name)) continue;
    blobs.push({
      name: item.name,
      size: item.properties.contentLength ?? 0,
      ...(item.properties.contentType ? { contentType: item.properties.contentType } : {}),
    });
  }
  return { blobs, ...(value.continuationToken ? { nextCursor: value.continuationToken } : {}) };
}
