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
import { translateSegments } from '../translation/translateSegments.js';
import type { ItemResult } from './itemResult.js';
import type { OutputBlob } from './outputBlob.js';
import { cachedOutput } from './cachedOutput.js';
import { openSourceBlob, readAll } from './sourceBlob.js';
import { textParts } from './textParts.js';
import type { ItemDeps, SizeLimit } from './translateItem.js';
import { targetBlobFor } from './writeTarget.js';
import { ITEM_LIMITS, type ItemLimits } from './itemLimits.js';

type Body = AsyncIterable<Buffer> | Iterable<Buffer>;

interface Scanned {
  sha256: string;
  /** File-wide context each part needs (Markdown definitions); '' for a file of one part. */
  definitions: string;
  encoding: ResolvedEncoding;
}

/**
 * A pass over the file before translating it: its hash (for the cache), its encoding (declared or detected,
 * from the first `singleReadBytes`) and the file-wide context its parts need (Markdown reference
 * definitions), collected whenever the file will be cut into more than one part.
 */
async function scan(body: Body, format: TextFormat, limits: ItemLimits): Promise<Scanned> {
  const hash = createHash('sha256');
  async function* hashed(): AsyncGenerator<Buffer> {
    for await (const chunk of body) {
      hash.update(chunk);
      yield chunk;
    }
  }
  const { sample, complete, chunks } = await samplePrefix(hashed(), limits.singleReadBytes);
  const encoding = resolveEncoding(sample, { declarations: declarationKindFor(format.id), complete });
  const definitions: string[] = [];
  const collect = (part: string) => {
    const found = format.collectDefinitions?.(part);
    if (found) definitions.push(found);
  };
  const boundary = format.chunkBoundary?.bind(format);
  // A file of one part is parsed whole and needs no context: its first part is only collected from once a
  // second one shows the file will be cut.
  let first: string | undefined;
  let parts = 0;
  for await (const part of textParts(textDecoderFor(encoding.name)(chunks), boundary, limits.partChars)) {
    if (++parts === 1) {
      first = part;
      continue;
    }
    if (first !== undefined) collect(first);
    first = undefined;
    collect(part);
  }
  return { sha256: hash.digest('hex'), definitions: definitions.join('\n'), encoding };
}

/**
 * A text file: read (streamed when large) → parse part by part → translate the human text → write blocks.
 * Memory is bounded by one part, not by the file. An output identical to an earlier one (same content,
 * language, provider, glossary and rules) is reused instead of translated.
 */
export async function translateTextItem(
  deps: ItemDeps,
  message: TranslateItemMessage,
  file: { format: TextFormat; terms: TermRules; limit: SizeLimit },
): Promise<ItemResult> {
  const { format, terms, limit } = file;
  const limits = deps.itemLimits ?? ITEM_LIMITS;
  const read = (etag?: string) =>
    openSourceBlob(
      deps.storage.blobs,
      { container: message.source_container, path: message.source_path, limit },
      etag,
    );
  let source = await read();
  let body: Body;
  let scanned: Scanned;
  if (source.contentLength <= limits.singleReadBytes) {
    body = [await readAll(source.body)];
    scanned = await scan(body, format, limits);
  } else {
    scanned = await scan(source.body, format, limits);
    // Read again pinned to the version just hashed: if the blob changed in between, the attempt fails (transient).
    source = await read(source.etag);
    body = source.body;
  }
  const target = targetBlobFor(deps, message, source.etag);
  const result = await cachedOutput(
    deps,
    message,
    target,
    {
      contentSha256: scanned.sha256,
      rules: `${format.id}@${format.version}${encodingCacheRules(scanned.encoding)}`,
      terms,
    },
    (output) => translateParts(deps, message, { format, terms, body, scanned, limits }, output),
  );
  if (result.cache) source.cancel();
  return result;
}

/** Parses, translates and writes the file part by part; memory holds one part at a time. */
async function translateParts(
  deps: ItemDeps,
  message: TranslateItemMessage,
  file: { format: TextFormat; terms: TermRules; body: Body; scanned: Scanned; limits: ItemLimits },
  output: OutputBlob,
): Promise<ItemResult> {
  const { config, translator } = deps;
  const { format, terms, body } = file;
  const { definitions, encoding } = file.scanned;
  const applyTerms = compileTerms(terms);
  // One retry budget for the whole item, shared by the calls for its parts.
  const budgetMs = 'retryBudgetMs' in config.translator ? config.translator.retryBudgetMs : undefined;
  const itemStarted = deps.now().getTime();
  const result: ItemResult = { charactersCharged: 0, requests: 0, charactersSent: 0 };
  const detected = new Map<string, number>();
  let index = 0;
  const boundary = format.chunkBoundary?.bind(format);
  for await (const part of textParts(textDecoderFor(encoding.name)(body), boundary, file.limits.partChars)) {
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
      budgetMs === undefined ? undefined : Math.max(0, budgetMs - (deps.now().getTime() - itemStarted)),
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
