/**
 * One file through the product twice (identity, pseudo) and before its judge: the input's verdict, the
 * identity round trip, the pseudo output's validity, damage and coverage, and the outcome class.
 */
import { loadConfig } from '../src/lib/config.js';
import { PermanentItemError } from '../src/lib/errors.js';
import { parsePoolFor } from '../src/lib/worker/parsing/parsePool.js';
import type { CorpusFile } from './corpus.js';
import { NO_COVERAGE, type Coverage } from './coverage.js';
import { JUDGES } from './judges/index.js';
import type { Judge, JudgeInput } from './judges/judge.js';
import { decodeForJudges } from './judgeText.js';
import { productPath } from './productPath.js';
import type { FormatKey } from './sources.js';
import { identityTranslator, pseudoTranslator } from './translators.js';

export type Outcome = 'ok' | 'invalid output' | 'damaged' | 'refused' | 'crashed';

export interface FileResult {
  project: string;
  format: FormatKey;
  id: string;
  encoding: string;
  inputAccepted: boolean;
  /** The validator's complaint about the input, when it rejected it. */
  inputProblem?: string;
  identityOk: boolean;
  outcome: Outcome;
  /** PermanentItemError code, for refusals. */
  code?: string;
  /** What went wrong: the refusal or crash message, the judge's complaint, the damage found. */
  problems: string[];
  /** Source and output lines around the first difference, when there is one worth showing. */
  excerpt?: string;
  coverage: Coverage;
}

/** The worker's own parse threads, at the default settings, so the files meet the same limits. */
const parsing = parsePoolFor(loadConfig({}, {}).parsing);

type Run = { output: Buffer } | { code: string; message: string } | { crash: string };

async function run(file: CorpusFile, bytes: Buffer, language: string, pseudo: boolean): Promise<Run> {
  try {
    return {
      output: await productPath(
        file.fileName,
        bytes,
        language,
        pseudo ? pseudoTranslator : identityTranslator,
        parsing,
      ),
    };
  } catch (error) {
    if (error instanceof PermanentItemError) return { code: error.code, message: error.message };
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const at = error instanceof Error ? (error.stack?.split('\n')[1]?.trim() ?? '') : '';
    return { crash: `${message} ${at}`.trim() };
  }
}

/** The first differing line of two texts, with its neighbour, for the listing. */
export function firstDifferingLines(source: string, output: string): string | undefined {
  const a = source.split('\n');
  const b = output.split('\n');
  const i = a.findIndex((line, n) => line !== b[n]);
  const at = i === -1 ? (a.length !== b.length ? Math.min(a.length, b.length) : -1) : i;
  if (at === -1) return undefined;
  const clip = (s: string | undefined) =>
    s === undefined ? '(end of file)' : s.length > 160 ? `${s.slice(0, 160)}…` : s;
  return `line ${at + 1}\n  - ${clip(a[at])}\n  + ${clip(b[at])}`;
}

/** Identity output against the input: bytes, apart from the language declaration and slots a format fills. */
function identityMatches(judge: Judge, input: JudgeInput, output: Buffer): boolean {
  if (output.equals(input.bytes)) return true;
  // A file in another encoding is written as UTF-8 with its declaration saying so: compare the text it holds,
  // as the judges decoded it, whatever charset label and byte order mark it carried.
  const text = (s: string) => withoutCharsetLabels(s.replace(/^\uFEFF/, ''));
  const neutral = judge.withoutTranslationSlots ?? ((s: string) => s);
  return neutral(text(output.toString('utf8'))) === neutral(text(input.text));
}

/** `charset=…` (HTML, PO) and `encoding="…"` (XML declaration) values, all read as one label. */
const withoutCharsetLabels = (text: string): string =>
  text
    .replace(/(charset\s*=\s*["']?)[\w.:-]+/gi, '$1*')
    .replace(/(<\?xml[^>]*\bencoding\s*=\s*["'])[\w.:-]+/i, '$1*');

export async function evaluate(file: CorpusFile): Promise<FileResult> {
  const bytes = file.read();
  const { text, encoding, broken } = decodeForJudges(bytes);
  const judge = JUDGES[file.format];
  const input: JudgeInput = { fileName: file.fileName, bytes, text };
  const language = judge.targetLanguage(input);
  const verdict = broken
    ? { ok: false as const, message: `the input has ${broken}` }
    : await judge.validate(input);
  const base = {
    project: file.project,
    format: file.format,
    id: file.id,
    encoding,
    inputAccepted: verdict.ok,
    ...(verdict.ok ? {} : { inputProblem: verdict.message }),
    coverage: NO_COVERAGE,
  };
  const failed = (result: Run, identityOk: boolean): FileResult | undefined => {
    if ('code' in result)
      return { ...base, identityOk, outcome: 'refused', code: result.code, problems: [result.message] };
    if ('crash' in result) return { ...base, identityOk, outcome: 'crashed', problems: [result.crash] };
    return undefined;
  };
  const identity = await run(file, bytes, language, false);
  if (!('output' in identity)) return failed(identity, false)!;
  const identityOk = identityMatches(judge, input, identity.output);
  const pseudo = await run(file, bytes, language, true);
  if (!('output' in pseudo)) return failed(pseudo, identityOk)!;
  const output = pseudo.output.toString('utf8');
  const compared = await judge.compare(input, output, language);
  const problems = [
    ...(identityOk ? [] : ['identity round trip is not byte-identical']),
    ...(compared.valid.ok ? [] : [compared.valid.message]),
    ...compared.damage,
  ];
  const outcome: Outcome = !compared.valid.ok ? 'invalid output' : problems.length > 0 ? 'damaged' : 'ok';
  const excerpt = identityOk
    ? outcome === 'ok'
      ? undefined
      : firstDifferingLines(text, output)
    : firstDifferingLines(text, identity.output.toString('utf8'));
  return {
    ...base,
    identityOk,
    outcome,
    problems,
    coverage: compared.coverage,
    ...(excerpt ? { excerpt } : {}),
  };
}
