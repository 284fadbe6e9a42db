import { PermanentItemError, isNotFound } from '../errors.js';
import { contentTypeFor, isBinaryExtension } from '../formats/contentTypes.js';
import { joinSegments, segmentPlainText } from '../formats/plainText.js';
import type { TranslateItemMessage } from '../messages.js';
import type { Services } from '../services.js';
import { readSourceText } from './readSourceText.js';

export interface ItemResult {
  charactersCharged: number;
}

/** Blob metadata values must be ASCII; keep what identifies the run and the exact source version. */
function outputMetadata(
  message: TranslateItemMessage,
  sourceEtag: string | undefined,
): Record<string, string> {
  return {
    job_id: message.job_id,
    target_language: message.target_language,
    translator: 'batch-translator',
    ...(sourceEtag ? { source_etag: sourceEtag.replace(/"/g, '') } : {}),
  };
}

/** Read → segment → translate → write for one (file, language). Throws PermanentItemError for lost causes. */
export async function translateItem(services: Services, message: TranslateItemMessage): Promise<ItemResult> {
  const { config, storage, translator } = services;
  if (message.size > config.maxFileBytes) {
    throw new PermanentItemError(
      'file_too_large',
      `The file is ${message.size} bytes; the limit is ${config.maxFileBytes} bytes.`,
    );
  }
  if (isBinaryExtension(message.source_path)) {
    throw new PermanentItemError(
      'unsupported_format',
      `"${message.source_path}" is a binary format; only UTF-8 text files are translated.`,
    );
  }
  const source = await readSourceText(
    storage.blobs,
    message.source_container,
    message.source_path,
    config.maxFileBytes,
  );
  const document = segmentPlainText(source.text);
  const segments = document.parts.filter((p) => p.translatable).map((p) => p.text);
  let charactersCharged = 0;
  let translated: string[] = [];
  if (segments.length > 0) {
    const result = await translator.translate({
      segments,
      to: message.target_language,
      ...(message.source_language ? { from: message.source_language } : {}),
    });
    if (result.segments.length !== segments.length) {
      throw new Error(
        `Translator ${translator.name} returned ${result.segments.length} segments for ${segments.length}`,
      );
    }
    translated = result.segments;
    charactersCharged = result.charactersCharged;
  }
  const output = Buffer.from(joinSegments(document, translated), 'utf8');

  const container = storage.blobs.getContainerClient(message.target_container);
  const target = container.getBlockBlobClient(message.target_path);
  const options = {
    blobHTTPHeaders: { blobContentType: contentTypeFor(message.source_path, message.content_type) },
    metadata: outputMetadata(message, source.etag),
  };
  try {
    await target.upload(output, output.length, options);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    // The target container was deleted after the job was accepted: recreate it rather than fail the item.
    await container.createIfNotExists();
    await target.upload(output, output.length, options);
  }
  return { charactersCharged };
}
