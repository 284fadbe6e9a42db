import { PermanentItemError } from '../errors.js';
import { extensionOf, supportedExtensions, textFormatFor } from '../formats/registry.js';
import type { TermRules } from '../glossary/applyTerms.js';
import type { TranslateItemMessage } from '../messages.js';
import type { Services } from '../services.js';
import type { ItemResult } from './itemResult.js';
import { translateDocumentItem } from './translateDocumentItem.js';
import { translateTextItem } from './translateTextItem.js';

export type { ItemResult } from './itemResult.js';

/**
 * Read → parse → translate → write for one (file, language). Chooses the path by extension: a text format
 * (structure kept, only human text translated) or a whole document the provider translates. Throws
 * PermanentItemError for lost causes; anything else it throws is transient.
 */
export async function translateItem(
  services: Services,
  message: TranslateItemMessage,
  terms: TermRules,
): Promise<ItemResult> {
  const { config, translator } = services;
  if (message.size > config.maxFileBytes) {
    throw new PermanentItemError(
      'file_too_large',
      `The file is ${message.size} bytes; the limit is ${config.maxFileBytes} bytes.`,
    );
  }
  const format = textFormatFor(message.source_path);
  if (format) return translateTextItem(services, message, format, terms);
  const documents = translator.documents;
  if (documents?.extensions.includes(extensionOf(message.source_path))) {
    return translateDocumentItem(services, message, documents, terms);
  }
  const supported = supportedExtensions(documents?.extensions).join(' ');
  throw new PermanentItemError(
    'unsupported_format',
    `"${message.source_path}" is not a supported format${translator.name === 'azure' ? '' : ` for the ${translator.name} provider`}; supported extensions: ${supported}.`,
  );
}
