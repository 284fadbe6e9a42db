import { createHash } from 'node:crypto';
import { cacheKeyOf } from '../cache/cacheKey.js';
import { CACHE_KEY_METADATA } from '../cache/translationCache.js';
import { PermanentItemError } from '../errors.js';
import { contentTypeFor } from '../formats/contentTypes.js';
import type { TermRules } from '../glossary/applyTerms.js';
import type { TranslateItemMessage } from '../messages.js';
import type { Services } from '../services.js';
import type { DocumentTranslator } from '../translation/translator.js';
import type { ItemResult } from './itemResult.js';
import { OutputBlob } from './outputBlob.js';
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
  const { storage, translator, cache } = services;
  const source = await openSourceBlob(
    storage.blobs,
    message.source_container,
    message.source_path,
    services.config.maxFileBytes,
  );
  if (source.contentLength > limit) throw tooLarge(source.contentLength);
  const content = await readAll(source.body);
  const target = targetBlobFor(services, message, source.etag);
  const key = cacheKeyOf({
    contentSha256: createHash('sha256').update(content).digest('hex'),
    targetLanguage: message.target_language,
    ...(message.source_language ? { sourceLanguage: message.source_language } : {}),
    provider: translator.name,
    format: 'document',
    terms,
  });
  const reused = cache ? await cache.reuse(key, target, target.options()) : undefined;
  if (reused) return { charactersCharged: 0, cache: reused, requests: 0, charactersSent: 0 };

  const translated = await documents.translateDocument({
    content,
    fileName: message.source_path.split('/').pop() ?? message.source_path,
    contentType: contentTypeFor(message.source_path, message.content_type),
    to: message.target_language,
    ...(message.source_language ? { from: message.source_language } : {}),
    ...(terms.glossary.size > 0 ? { glossary: terms.glossary } : {}),
  });
  const output = new OutputBlob(target, target.options({ [CACHE_KEY_METADATA]: key }));
  await output.writeBytes(translated.content);
  await output.finish();
  await cache?.remember(key, target.container, target.path);
  return { charactersCharged: translated.charactersCharged, requests: 1, charactersSent: 0 };
}
