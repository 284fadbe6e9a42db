/**
 * A text file's journey with no storage in it: scan (hash, encoding, file-wide context), then decode → cut
 * into parts → parse → translate → render, part by part. The worker feeds it blob streams and writes blocks;
 * the conformance suite feeds it real files in memory, so both judge exactly the same code. Cutting, parsing
 * and rendering run on the parse pool's threads (bounded in time and memory); decoding, hashing and the
 * provider's calls stay here.
 */
import { createHash } from 'node:crypto';
import { declarationKindFor } from '../encoding/declarations/declarationKind.js';
import { declareUtf8 } from '../encoding/declareUtf8.js';
import { resolveEncoding, type ResolvedEncoding } from '../encoding/resolveEncoding.js';
import { samplePrefix } from '../encoding/samplePrefix.js';
import { textDecoderFor } from '../encoding/textDecoder.js';
import type { FormatContext, TextFormat } from '../formats/format.js';
import { compileTerms, type TermRules } from '../glossary/applyTerms.js';
import { TermReport } from '../glossary/termReport.js';
import type { MemoryAnswer, SegmentMemory } from '../memory/segmentMemory.js';
import { chargeOf } from '../translation/chargeOf.js';
import { translateSegments } from '../translation/translateSegments.js';
import type { SegmentPieces, Translator } from '../translation/translator.js';
import type { ItemLimits } from './itemLimits.js';
import type { ItemResult } from './itemResult.js';
import type { ParsePool } from './parsing/parsePool.js';
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
export async function scanText(
  body: Body,
  format: TextFormat,
  limits: ItemLimits,
  parsing: ParsePool,
): Promise<ScannedText> {
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
  const collect = async (part: string) => {
    if (!format.collectDefinitions) return;
    const found = await parsing.run({ kind: 'definitions', format: format.id, text: part });
    if (found) definitions.push(found);
  };
  const boundary = boundaryOf(format, parsing);
  // A file of one part is parsed whole and needs no context: its first part is only collected from once a
  // second one shows the file will be cut.
  let first: string | undefined;
  let parts = 0;
  for await (const part of textParts(textDecoderFor(encoding.name)(chunks), boundary, limits.partChars)) {
    if (++parts === 1) {
      first = part;
      continue;
    }
    if (first !== undefined) await collect(first);
    first = undefined;
    await collect(part);
  }
  return { sha256: hash.digest('hex'), definitions: definitions.join('\n'), encoding };
}

/** Where the format can cut a text, asked of a parse thread; undefined for formats parsed whole. */
const boundaryOf = (format: TextFormat, parsing: ParsePool) =>
  format.chunkBoundary
    ? (text: string) => parsing.run({ kind: 'boundary', format: format.id, text })
    : undefined;

export interface TextRun {
  format: TextFormat;
  /** Runs the format's steps off the event loop, within the per-step time and memory limits. */
  parsing: ParsePool;
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
  /** The file's segment memory: answers unchanged segments and kept edits; only the rest go to `translator`. */
  memory?: SegmentMemory;
}

/**
 * A part's segments, with their unit keys when a memory needs them. Where the format's segments do not
 * depend on the target language, the file's items for its other languages share one parse.
 */
async function parseSegments(
  run: TextRun,
  text: string,
  context: FormatContext,
): Promise<{ segments: readonly SegmentPieces[]; keys?: readonly (string | undefined)[] }> {
  const { format, parsing } = run;
  if (format.sameSegmentsForEveryTarget) return parsing.segmentsForAnyTarget(format.id, text, context);
  if (run.memory) return parsing.run({ kind: 'keyedSegments', format: format.id, text, context });
  return { segments: await parsing.run({ kind: 'segments', format: format.id, text, context }) };
}

/**
 * A part's output. The parsed document stays on its thread (it holds closures): the render step parses the
 * text again. With a memory, formats that keep edits by position write a kept edit's stretch as the person
 * left it, and say what each segment's stretch became, for the map.
 */
async function renderPart(
  run: TextRun,
  text: string,
  context: FormatContext,
  translations: readonly string[],
  answers: readonly (MemoryAnswer | undefined)[],
): Promise<{ text: string; spans?: readonly string[] }> {
  const { format, parsing } = run;
  if (!run.memory || !format.editsByPosition) {
    return { text: await parsing.run({ kind: 'render', format: format.id, text, context, translations }) };
  }
  const verbatim = answers.flatMap((answer, i) => (answer?.edit?.verbatim ? [i] : []));
  return parsing.run({ kind: 'renderSpans', format: format.id, text, context, translations, verbatim });
}

/**
 * Parses, translates and hands on (`write`) the file part by part; memory holds one part at a time. Without
 * `write` (a dry run's measurement) nothing is rendered.
 */
export async function translateTextParts(
  body: Body,
  scanned: ScannedText,
  run: TextRun,
  write?: (text: string) => Promise<void>,
): Promise<ItemResult> {
  const { format, parsing, retryBudgetMs } = run;
  const applyTerms = compileTerms(run.terms);
  const started = run.now().getTime();
  const result: ItemResult = { charactersCharged: 0, requests: 0, charactersSent: 0 };
  const detected = new Map<string, number>();
  const report = new TermReport();
  let saved = 0;
  let index = 0;
  const boundary = boundaryOf(format, parsing);
  const texts = textDecoderFor(scanned.encoding.name)(body);
  for await (const part of textParts(texts, boundary, run.limits.partChars)) {
    // The output is UTF-8: the file's own declaration (in its first part) is made to say so before parsing.
    const text = index === 0 ? declareUtf8(part, declarationKindFor(format.id)) : part;
    const context: FormatContext = {
      targetLanguage: run.targetLanguage,
      ...(run.sourceLanguage ? { sourceLanguage: run.sourceLanguage } : {}),
      chunk: { index: index++, definitions: scanned.definitions },
      ...(run.markAsDraft ? { markAsDraft: true } : {}),
    };
    const parsed = await parseSegments(run, text, context);
    const segments = parsed.segments.map(applyTerms);
    const answers = run.memory?.answer(segments, parsed.keys) ?? [];
    const misses = segments.filter((_, i) => answers[i] === undefined);
    const translated = await translateSegments(
      run.translator,
      misses,
      run.targetLanguage,
      run.sourceLanguage,
      retryBudgetMs === undefined ? undefined : Math.max(0, retryBudgetMs - (run.now().getTime() - started)),
    );
    let next = 0;
    const translations = segments.map(
      (_, i) => answers[i]?.translation ?? translated.translations[next++] ?? '',
    );
    const rendered = write ? await renderPart(run, text, context, translations, answers) : undefined;
    if (run.memory) {
      run.memory.record(segments, parsed.keys, translations, answers, rendered?.spans);
      const reused = segments.filter((_, i) => answers[i] !== undefined);
      saved +=
        reused.length === 0 ? 0 : chargeOf(run.translator, { segments: reused, to: run.targetLanguage });
    }
    report.add(segments, translations);
    result.charactersCharged += translated.charactersCharged;
    result.requests += translated.requests;
    result.charactersSent += translated.charactersSent;
    if (translated.detectedLanguage) {
      detected.set(translated.detectedLanguage, (detected.get(translated.detectedLanguage) ?? 0) + 1);
    }
    if (write && rendered) await write(rendered.text);
  }
  const language = [...detected.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (language) result.detectedLanguage = language;
  const glossary = report.result();
  if (glossary) result.glossary = glossary;
  if (run.memory) result.memory = { ...run.memory.counts, charactersSaved: saved };
  return result;
}
