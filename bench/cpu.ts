/**
 * CPU per megabyte of each format's own code against the fastest maintained parser of that format, on the
 * same real files in the same process, side by side. Our side runs exactly the format steps the worker's
 * text pipeline runs (src/lib/worker/textPipeline.ts), in-process instead of on the parse pool's threads
 * (which run the same format code): cut into parts (scan pass), collect definitions when cut, then per part
 * parse for segments and parse again + render with translations.
 */
import { Readable } from 'node:stream';
import type { FormatContext, TextFormat } from '../src/lib/formats/format.js';
import { TEXT_FORMATS } from '../src/lib/formats/registry.js';
import type { SegmentPieces } from '../src/lib/translation/translator.js';
import { ITEM_LIMITS } from '../src/lib/worker/itemLimits.js';
import { textParts } from '../src/lib/worker/textParts.js';
import { cpuInputs } from './cpuInputs.js';
import { REFERENCES } from './cpuReferences.js';
import { markdownSteps } from './cpuMarkdownSteps.js';

export interface CpuSide {
  /** Seconds of CPU (user + system) per 10^6 bytes of UTF-8 input, median of the rounds. */
  secondsPerMB: number;
  rounds: number[];
}

export interface CpuResult {
  format: string;
  origin: string;
  files: number;
  bytes: number;
  /** Files one side or the other refused (left out of both). */
  skipped: number;
  reference: string;
  ours: CpuSide;
  theirs: CpuSide;
}

export interface CpuStep {
  step: string;
  secondsPerMB: number;
}

export interface CpuReport {
  method: { rounds: number; minRoundSeconds: number; maxBytesPerFormat: number; partChars: number };
  results: CpuResult[];
  /** Markdown only: what each library step costs on its own (see cpuMarkdownSteps.ts). */
  markdownSteps: CpuStep[];
}

const ROUNDS = 5;
const MIN_ROUND_SECONDS = 0.5;
const MAX_BYTES_PER_FORMAT = 1_000_000;
/** The worker's decoder hands textParts one string per downloaded block. */
const BLOCK_CHARS = 1024 * 1024;

function* blocks(text: string): Generator<string> {
  for (let at = 0; at < text.length; at += BLOCK_CHARS) yield text.slice(at, at + BLOCK_CHARS);
}

/** As the worker's decoder delivers them: an async stream of strings. */
const asyncBlocks = (text: string): Readable => Readable.from(blocks(text));

/** A translation that differs from the source, so renders write every segment (an unchanged one is copied). */
const pseudoTranslation = (pieces: SegmentPieces): string =>
  pieces
    .map((p) => (p.kind === 'text' ? p.text.toUpperCase() : p.kind === 'term' ? p.translation : p.text))
    .join('');

async function partsOf(format: TextFormat, text: string): Promise<string[]> {
  const boundary = format.chunkBoundary ? (t: string) => format.chunkBoundary?.(t) ?? 0 : undefined;
  const parts: string[] = [];
  for await (const part of textParts(asyncBlocks(text), boundary, ITEM_LIMITS.partChars)) parts.push(part);
  return parts;
}

/** What the worker's format steps do with one file (scanText, then translateTextParts' parse and render). */
async function ourSteps(format: TextFormat, text: string): Promise<void> {
  const scanned = await partsOf(format, text);
  const definitions =
    scanned.length > 1 && format.collectDefinitions
      ? scanned
          .map((part) => format.collectDefinitions?.(part) ?? '')
          .filter((found) => found !== '')
          .join('\n')
      : '';
  let index = 0;
  for (const part of await partsOf(format, text)) {
    const context: FormatContext = { targetLanguage: 'es', chunk: { index: index++, definitions } };
    const segments = format.parse(part, context).segments;
    format.parse(part, context).render(segments.map(pseudoTranslation));
  }
}

const cpuSeconds = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};

/** Seconds per pass over `files`, repeating passes until the round has used MIN_ROUND_SECONDS of CPU. */
async function round(files: readonly string[], run: (text: string) => unknown): Promise<number> {
  const started = process.cpuUsage();
  let passes = 0;
  let seconds = 0;
  while (seconds < MIN_ROUND_SECONDS) {
    for (const text of files) await run(text);
    passes++;
    seconds = cpuSeconds(started);
  }
  return seconds / passes;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

async function accepts(run: (text: string) => unknown, text: string): Promise<boolean> {
  try {
    await run(text);
    return true;
  } catch {
    return false;
  }
}

export async function measureCpu(log: (line: string) => void): Promise<CpuReport> {
  const results: CpuResult[] = [];
  let markdownFiles: string[] = [];
  for (const input of cpuInputs(MAX_BYTES_PER_FORMAT)) {
    const format = TEXT_FORMATS.find((f) => f.id === input.format);
    const reference = REFERENCES[input.format];
    if (!format || !reference) throw new Error(`No format or reference for ${input.format}`);
    const ours = (text: string) => ourSteps(format, text);
    // Both sides run on the same files: one either side refuses is left out (this is also the warm-up).
    const files: string[] = [];
    for (const text of input.files)
      if ((await accepts(ours, text)) && (await accepts(reference.run, text))) files.push(text);
    if (input.format === 'markdown') markdownFiles = files;
    const megabytes = files.reduce((sum, text) => sum + Buffer.byteLength(text), 0) / 1e6;
    const oursRounds: number[] = [];
    const theirRounds: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      oursRounds.push((await round(files, ours)) / megabytes);
      theirRounds.push((await round(files, reference.run)) / megabytes);
    }
    const result: CpuResult = {
      format: input.format,
      origin: input.origin,
      files: files.length,
      bytes: Math.round(megabytes * 1e6),
      skipped: input.files.length - files.length,
      reference: reference.name,
      ours: { secondsPerMB: median(oursRounds), rounds: oursRounds },
      theirs: { secondsPerMB: median(theirRounds), rounds: theirRounds },
    };
    log(
      `  ${input.format}: ours ${result.ours.secondsPerMB.toFixed(3)} s/MB, reference ${result.theirs.secondsPerMB.toFixed(3)} s/MB (${(result.ours.secondsPerMB / result.theirs.secondsPerMB).toFixed(1)}×)`,
    );
    results.push(result);
  }
  const steps: CpuStep[] = [];
  const megabytes = markdownFiles.reduce((sum, text) => sum + Buffer.byteLength(text), 0) / 1e6;
  for (const step of markdownSteps) {
    for (const text of markdownFiles) step.run(text);
    const rounds: number[] = [];
    for (let i = 0; i < ROUNDS; i++) rounds.push((await round(markdownFiles, step.run)) / megabytes);
    steps.push({ step: step.name, secondsPerMB: median(rounds) });
    log(`  markdown step: ${step.name}: ${median(rounds).toFixed(3)} s/MB`);
  }
  return {
    method: {
      rounds: ROUNDS,
      minRoundSeconds: MIN_ROUND_SECONDS,
      maxBytesPerFormat: MAX_BYTES_PER_FORMAT,
      partChars: ITEM_LIMITS.partChars,
    },
    results,
    markdownSteps: steps,
  };
}
