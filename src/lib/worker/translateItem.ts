import { PermanentItemError } from '../errors.js';
import type { TextFormat } from '../formats/format.js';
import { extensionOf, supportedExtensions, textFormatFor } from '../formats/registry.js';
import type { TermRules } from '../glossary/applyTerms.js';
import type { TranslateItemMessage } from '../messages.js';
import type { Services } from '../services.js';
import type { DocumentTranslator } from '../translation/translator.js';
import type { ItemResult } from './itemResult.js';
import { translateDocumentItem } from './translateDocumentItem.js';
import { translateTextItem } from './translateTextItem.js';
import type { ItemLimits } from './itemLimits.js';

/** What translating one item needs; `itemLimits` lets tests make "large file" small. */
export type ItemDeps = Pick<Services, 'config' | 'storage' | 'translator' | 'cache' | 'now' | 'parsing'> & {
  itemLimits?: ItemLimits;
};

/** The one size rule of an item: checked on the listing's size before reading, and on the blob's own. */
export interface SizeLimit {
  bytes: number;
  /** Throws `file_too_large` when `size` exceeds the limit. */
  check(size: number): void;
}

function sizeLimit(bytes: number, rule: string): SizeLimit {
  return {
    bytes,
    check(size) {
      if (size > bytes) throw new PermanentItemError('file_too_large', `The file is ${size} bytes; ${rule}.`);
    },
  };
}

export type Route =
  { kind: 'text'; format: TextFormat } | { kind: 'document'; documents: DocumentTranslator };

function routeOf(deps: Pick<ItemDeps, 'translator'>, path: string): Route {
  const format = textFormatFor(path);
  if (format) return { kind: 'text', format };
  const documents = deps.translator.documents;
  if (documents?.extensions.includes(extensionOf(path))) return { kind: 'document', documents };
  throw new PermanentItemError(
    'unsupported_format',
    `"${path}" ${extensionFound(path, deps.translator.name)}; supported extensions: ${supportedExtensions(documents?.extensions).join(' ')}.`,
  );
}

/**
 * What the format was looked up by. A name such as ".xlf" is a hidden file without an extension, as
 * path.extname (and the planner's `extensions` filter) read it, so the refusal says that rather than seem to
 * refuse an extension it then lists as supported.
 */
function extensionFound(path: string, provider: string): string {
  const extension = extensionOf(path);
  if (extension) {
    const forProvider = provider === 'azure' ? '' : ` for the ${provider} provider`;
    return `has the extension "${extension}", which is not a supported format${forProvider}`;
  }
  const name = path.slice(path.lastIndexOf('/') + 1);
  const hidden = name.startsWith('.') ? ' (a name that starts with "." is not an extension)' : '';
  return `has no extension${hidden}, so its format is unknown`;
}

/**
 * How an item is handled, and its size rule, checked on the listing's size: shared by translation and by
 * dry runs, so an estimate fails exactly the files the real run would fail before reading them.
 */
export function itemRoute(
  deps: Pick<ItemDeps, 'config' | 'translator'>,
  message: Pick<TranslateItemMessage, 'source_path' | 'size'>,
): { route: Route; limit: SizeLimit } {
  const route = routeOf(deps, message.source_path);
  const { maxFileBytes } = deps.config;
  const limit =
    route.kind === 'document' && route.documents.maxBytes < maxFileBytes
      ? sizeLimit(
          route.documents.maxBytes,
          `${deps.translator.name} translates documents of up to ${route.documents.maxBytes} bytes`,
        )
      : sizeLimit(maxFileBytes, `the limit is ${maxFileBytes} bytes`);
  limit.check(message.size);
  return { route, limit };
}

/**
 * Read → parse → translate → write for one (file, language). Chooses the path by extension: a text format
 * (structure kept, only human text translated) or a whole document the provider translates.
 */
export async function translateItem(
  deps: ItemDeps,
  message: TranslateItemMessage,
  terms: TermRules,
  /**
   * Drafts: see FormatContext.markAsDraft; whole documents the provider translates carry no mark.
   * `overwriteEdits`: see src/lib/memory.
   */
  output: { markAsDraft?: boolean; overwriteEdits?: boolean } = {},
): Promise<ItemResult> {
  const { route, limit } = itemRoute(deps, message);
  return route.kind === 'text'
    ? translateTextItem(deps, message, { format: route.format, terms, limit, ...output })
    : translateDocumentItem(deps, message, { documents: route.documents, terms, limit });
}
