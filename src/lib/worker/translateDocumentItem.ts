import { createHash } from 'node:crypto';
import { PermanentItemError } from '../errors.js';
import { contentTypeFor } from '../formats/contentTypes.js';
import type { TermRules } from '../glossary/applyTerms.js';
import type { TranslateItemMessage } from '../messages.js';
import type { Services } from '../services.js';
import type { DocumentTranslator } from '../translation/translator.js';
import type { ItemResult } from './itemResult.js';
import { cachedOutput } from './cachedOutput.js';
import { openSourceBlob, readAll } from './sourceBlob.js';
import { targetBlobFor } from './writeTarget.js';

/**
 * A binary document (.docx, .pptx, ...) the provider translates whole. The provider's own limit applies,
 * decided from the listing size first and the response headers second, so an oversize file is never read.
 */
export async function translateDocumentItem(
  services: Services,
  message: TranslateItemMessage,
  documents: DocumentTranslator,
  terms: TermRules,
): Promise<ItemResult> {
  const limit = Math.min(documents.maxBytes, services.config.maxFileBytes);
  const tooLarge = (size: number) =>
    new PermanentItemError(
      'file_too_large',
      `The file is ${size} bytes; ${services.translator.name} translates documents of up to ${limit} bytes.`,
    );
  if (message.size > limit) throw tooLarge(message.size);
  const { storage } = services;
  const source = await openSourceBlob(
    storage.blobs,
    message.source_container,
    message.source_path,
    services.config.maxFileBytes,
  );
  if (source.contentLength > limit) throw tooLarge(source.contentLength);
  const content = await readAll(source.body);
  const target = targetBlobFor(services, message, source.etag);
  return cachedOutput(
    services,
    message,
    target,
    { contentSha256: createHash('sha256').update(content).digest('hex'), rules: 'document', terms },
    async (output) => {
      const translated = await documents.translateDocument({
        content,
        fileName: message.source_path.split('/').pop() ?? message.source_path,
        contentType: contentTypeFor(message.source_path, message.content_type),
        to: message.target_language,
        ...(message.source_language ? { from: message.source_language } : {}),
        ...(terms.glossary.size > 0 ? { glossary: terms.glossary } : {}),
      });
      await output.writeBytes(translated.content);
      return { charactersCharged: translated.charactersCharged, requests: 1, charactersSent: 0 };
    },
  );
}
