import { createHash } from 'node:crypto';
import { contentTypeFor } from '../formats/contentTypes.js';
import type { TermRules } from '../glossary/applyTerms.js';
import type { TranslateItemMessage } from '../messages.js';
import type { DocumentTranslator } from '../translation/translator.js';
import type { ItemResult } from './itemResult.js';
import { cachedOutput } from './cachedOutput.js';
import { openSourceBlob, readAll } from './sourceBlob.js';
import type { ItemDeps, SizeLimit } from './translateItem.js';
import { targetBlobFor } from './writeTarget.js';

/** A binary document (.docx, .pptx, ...) the provider translates whole, read whole (it is sent whole). */
export async function translateDocumentItem(
  deps: ItemDeps,
  message: TranslateItemMessage,
  file: { documents: DocumentTranslator; terms: TermRules; limit: SizeLimit },
): Promise<ItemResult> {
  const { documents, terms, limit } = file;
  const source = await openSourceBlob(deps.storage.blobs, {
    container: message.source_container,
    path: message.source_path,
    limit,
  });
  const content = await readAll(source.body);
  const target = targetBlobFor(deps, message, source.etag);
  return cachedOutput(
    deps,
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
