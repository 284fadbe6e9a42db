import { createHash } from 'node:crypto';
import { encodingCacheRules } from '../encoding/cacheRules.js';
import { declarationKindFor } from '../encoding/declarations/declarationKind.js';
import { declareUtf8 } from '../encoding/declareUtf8.js';
import { resolveEncoding, type ResolvedEncoding } from '../encoding/resolveEncoding.js';
import { samplePrefix } from '../encoding/samplePrefix.js';
import { textDecoderFor } from '../encoding/textDecoder.js';
import type { TextFormat } from '../formats/format.js';
import { compileTerms, type TermRules } from '../glossary/applyTerms.js';
import type { TranslateItemMessage } from '../messages.js';
import type { Services } from '../services.js';
import { translateSegments } from '../translation/translateSegments.js';
import type { ItemResult } from './itemResult.js';
import type { OutputBlob } from './outputBlob.js';
import { cachedOutput } from './cachedOutput.js';
import { openSourceBlob, readAll, type SourceBlob } from './sourceBlob.js';
import { textParts } from './textParts.js';
import { targetBlobFor } from './writeTarget.js';

/** Files up to this size are read once into memory; larger ones are streamed, twice (hash, then translate). */
export const SINGLE_READ_BYTES = 1024 * 1024;
/** Characters per part of a large file: the parse tree of one part is what bounds the worker's memory. */
export const PART_CHARS = 256 * 1024;

/** First pass over a large file: its hash (for the cache), its encoding, and the file-wide context its parts need. */
async function scan(
  source: SourceBlob,
  format: TextFormat,
): Promise<{ sha256: string; definitions: string; encoding: ResolvedEncoding }> {
  const hash = createHash('sha256');
  async function* hashed(): AsyncGenerator<Buffer> {
    for await (const chunk of source.body) {
      hash.update(chunk);
      yield chunk;
    }
  }
  // The encoding is told from the first MiB, as much as a small file offers whole.
  const { sample, complete, chunks } = await samplePrefix(hashed(), SINGLE_READ_BYTES);
  const encoding = resolveEncoding(sample, { declarations: declarationKindFor(format.id), complete });
  const definitions: string[] = [];
  const texts = textDecoderFor(encoding.name)(chunks);
  for await (const part of textParts(texts, format.chunkBoundary?.bind(format), PART_CHARS)) {
    const found = format.collectDefinitions?.(part);
    if (found) definitions.push(found);
  }
  return { sha256: hash.digest('hex'), definitions: definitions.join('\n'), encoding };
}

/**
 * A text file: read (streamed when large) → parse part by part → translate the human text → write blocks.
 * Memory is bounded by one part, not by the file. An output identical to an earlier one (same content,
 * language, provider, glossary and rules) is reused instead of translated.
 */
export async function translateTextItem(
  services: Services,
  message: TranslateItemMessage,
  format: TextFormat,
  terms: TermRules,
): Promise<ItemResult> {
  const { storage, config } = services;
  const read = (etag?: string) =>
    openSourceBlob(storage.blobs, message.source_container, message.source_path, config.maxFileBytes, etag);
  let source = await read();
  let body: AsyncIterable<Buffer> | Iterable<Buffer>;
  let sha256: string;
  let definitions = '';
  let encoding: ResolvedEncoding;
  if (source.contentLength <= SINGLE_READ_BYTES) {
    const bytes = await readAll(source.body);
    sha256 = createHash('sha256').update(bytes).digest('hex');
    encoding = resolveEncoding(bytes, { declarations: declarationKindFor(format.id), complete: true });
    body = [bytes];
  } else {
    ({ sha256, definitions, encoding } = await scan(source, format));
    // Read again pinned to the version just hashed: if the blob changed in between, the attempt fails (transient).
    source = await read(source.etag);
    body = source.body;
  }
  const target = targetBlobFor(services, message, source.etag);
  const result = await cachedOutput(
    services,
    message,
    target,
    { contentSha256: sha256, rules: `${format.id}@${format.version}${encodingCacheRules(encoding)}`, terms },
    (output) => translateParts(services, message, { format, terms, body, definitions, encoding }, output),
  );
  if (result.cache) source.cancel();
  return result;
}

/** Parses, translates and writes the file part by part; memory holds one part at a time. */
async function translateParts(
  services: Services,
  message: TranslateItemMessage,
  file: {
    format: TextFormat;
    terms: TermRules;
    body: AsyncIterable<Buffer> | Iterable<Buffer>;
    /** File-wide context each part needs (Markdown definitions); '' for a file read whole. */
    definitions: string;
    encoding: ResolvedEncoding;
  },
  output: OutputBlob,
): Promise<ItemResult> {
  const { config, translator } = services;
  const { format, terms, body, definitions, encoding } = file;
  const applyTerms = compileTerms(terms);
  // One retry budget for the whole item, shared by the calls for its parts.
  const budgetMs = 'retryBudgetMs' in config.translator ? config.translator.retryBudgetMs : undefined;
  const itemStarted = services.now().getTime();
  const result: ItemResult = { charactersCharged: 0, requests: 0, charactersSent: 0 };
  const detected = new Map<string, number>();
  let index = 0;
  const texts = textDecoderFor(encoding.name)(body);
  for await (const part of textParts(texts, format.chunkBoundary?.bind(format), PART_CHARS)) {
    // The output is UTF-8: the file's own declaration (in its first part) is made to say so before parsing.
    const text = index === 0 ? declareUtf8(part, declarationKindFor(format.id)) : part;
    const document = format.parse(text, {
      targetLanguage: message.target_language,
      ...(message.source_language ? { sourceLanguage: message.source_language } : {}),
      chunk: { index: index++, definitions },
    });
    const translated = await translateSegments(
      translator,
      document.segments.map(applyTerms),
      message.target_language,
      message.source_language,
      budgetMs === undefined ? undefined : Math.max(0, budgetMs - (services.now().getTime() - itemStarted)),
    );
    result.charactersCharged += translated.charactersCharged;
    result.requests += translated.requests;
    result.charactersSent += translated.charactersSent;
    if (translated.detectedLanguage) {
      detected.set(translated.detectedLanguage, (detected.get(translated.detectedLanguage) ?? 0) + 1);
    }
    await output.write(document.render(translated.translations));
  }
  const language = [...detected.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  return language ? { ...result, detectedLanguage: language } : result;
}
