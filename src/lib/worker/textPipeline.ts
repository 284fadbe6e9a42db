/**
 * A text file's journey with no storage in it: scan (hash, encoding, file-wide context), then decode → cut
 * into parts → parse → translate → render, part by part. The worker feeds it blob streams and writes blocks;
 * the conformance suite feeds it real files in memory, so both judge exactly the same code.
 */
import { createHash } from 'node:crypto';
import { declarationKindFor } from '../encoding/declarations/declarationKind.js';
import { declareUtf8 } from '../encoding/declareUtf8.js';
import { resolveEncoding, type ResolvedEncoding } from '../encoding/resolveEncoding.js';
import { samplePrefix } from '../encoding/samplePrefix.js';
import { textDecoderFor } from '../encoding/textDecoder.js';
import type { TextFormat } from '../formats/format.js';
import { compileTerms, type TermRules } from '../glossary/applyTerms.js';
import { TermReport } from '../glossary/termReport.js';
import { translateSegments } from '../translation/translateSegments.js';
import type { Translator } from '../translation/translator.js';
import type { ItemLimits } from './itemLimits.js';
import type { ItemResult } from './itemResult.js';
import { textParts } from './textParts.js';

export type Body = AsyncIterable<Buffer> | Iterable<Buffer>;

export interface ScannedText {
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
export async function scanText(body: Body, format: TextFormat, limits: ItemLimits): Promise<ScannedText> {
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

export interface TextRun {
  format: TextFormat;
  terms: TermRules;
  translator: Translator;
  targetLanguage: string;
  sourceLanguage?: string;
  limits: ItemLimits;
  /** See FormatContext.markAsDraft. */
  markAsDraft?: boolean;
  /** What is left of the item's retry budget, in ms, when the run starts; the parts share it. */
  retryBudgetMs?: number;
  now: () => Date;
}

/** Parses, translates and hands on (`write`) the file part by part; memory holds one part at a time. */
export async function translateTextParts(
  body: Body,
  scanned: ScannedText,
  run: TextRun,
  write: (text: string) => Promise<void>,
): Promise<ItemResult> {
  const { format, retryBudgetMs } = run;
  const applyTerms = compileTerms(run.terms);
  const started = run.now().getTime();
  const result: ItemResult = { charactersCharged: 0, requests: 0, charactersSent: 0 };
  const detected = new Map<string, number>();
  const report = new TermReport();
  let index = 0;
  const boundary = format.chunkBoundary?.bind(format);
  const texts = textDecoderFor(scanned.encoding.name)(body);
  for await (const part of textParts(texts, boundary, run.limits.partChars)) {
    // The output is UTF-8: the file's own declaration (in its first part) is made to say so before parsing.
    const text = index === 0 ? declareUtf8(part, declarationKindFor(format.id)) : part;
    const document = format.parse(text, {
      targetLanguage: run.targetLanguage,
      ...(run.sourceLanguage ? { sourceLanguage: run.sourceLanguage } : {}),
      chunk: { index: index++, definitions: scanned.definitions },
      ...(run.markAsDraft ? { markAsDraft: true } : {}),
    });
    const segments = document.segments.map(applyTerms);
    const translated = await translateSegments(
      run.translator,
      segments,
      run.targetLanguage,
      run.sourceLanguage,
      retryBudgetMs === undefined ? undefined : Math.max(0, retryBudgetMs - (run.now().getTime() - started)),
    );
    report.add(segments, translated.translations);
    result.charactersCharged += translated.charactersCharged;
    result.requests += translated.requests;
    result.charactersSent += translated.charactersSent;
    if (translated.detectedLanguage) {
      detected.set(translated.detectedLanguage, (detected.get(translated.detectedLanguage) ?? 0) + 1);
    }
    await write(document.render(translated.translations));
  }
  const language = [...detected.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (language) result.detectedLanguage = language;
  const glossary = report.result();
  if (glossary) result.glossary = glossary;
  return result;
}
