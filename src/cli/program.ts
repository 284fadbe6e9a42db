import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { loadCliSettings } from '../lib/config.js';
import { ConfigError } from '../lib/errors.js';
import { ApiClient, ApiError } from './apiClient.js';
import { allFiles, memoryNote, retry, submit, summary, type Output } from './commands.js';
import { estimate, type EstimateOptions } from './estimate.js';
import type { RetryPolicy } from './retryPolicy.js';
import { exportTmxFile, type TmxOptions } from './tmx.js';

export interface ProgramIo {
  /** Defaults to the process environment (read by the config module). */
  env?: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  interactive: boolean;
  /** Overrides the API client's retry back-off (tests keep it short). */
  retry?: Partial<RetryPolicy>;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive whole number.');
  return n;
}

interface GlobalOptions {
  url?: string;
  key?: string;
  json?: boolean;
}

/**
 * `batch-translate`: submit, watch, list, inspect and cancel jobs. Exit codes: 0 success, 1 the API
 * refused or the job did not complete, 2 wrong usage or settings.
 */
export function buildProgram(io: ProgramIo, setExitCode: (code: number) => void): Command {
  const program = new Command('batch-translate')
    .description('Translate blob containers or local folders through the batch-translator API.')
    .option('--url <url>', 'API base URL (env BATCH_TRANSLATOR_URL)', undefined)
    .option('--key <key>', 'function key (env BATCH_TRANSLATOR_KEY)')
    .option('--json', 'machine-readable output')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  const context = () => {
    const globals = program.opts<GlobalOptions>();
    const flags = {
      ...(globals.url ? { url: globals.url } : {}),
      ...(globals.key ? { key: globals.key } : {}),
    };
    const settings = io.env ? loadCliSettings(flags, io.env) : loadCliSettings(flags);
    const output: Output = {
      json: Boolean(globals.json),
      interactive: io.interactive,
      line: (text) => io.stdout(`${text}\n`),
      data: (value) => io.stdout(`${JSON.stringify(value, null, 2)}\n`),
    };
    const api = new ApiClient(settings.apiUrl, settings.functionKey, {
      ...(io.retry ? { retry: io.retry } : {}),
      onRetry: (note) => io.stderr(`${note}\n`),
    });
    return { settings, output, api };
  };

  program
    .command('submit')
    .description('translate a local folder (uploaded first) or an existing container')
    .argument('<source>', 'a local folder, or the name of a source container')
    .requiredOption('--to <languages>', 'target languages, comma-separated, e.g. es,fr')
    .option('--from <language>', 'source language (default: detect)')
    .option('--prefix <prefix>', 'only blobs whose names start with this')
    .option('--target <container>', 'target container (default: <source>-translated)')
    .option('--draft', 'mark translations for review (PO fuzzy, XLIFF needs-review states)')
    .option('--wait', 'show progress until the job ends')
    .addOption(new Option('--out <dir>', 'with --wait: download the translated files here'))
    .option('--max-characters <n>', 'never charge more than this many characters', positiveInteger)
    .option(
      '--overwrite-edits',
      're-translate units a reviewer edited in existing targets (default: keep them)',
    )
    .action(async (source: string, options: Parameters<typeof submit>[3]) => {
      const { api, settings, output } = context();
      setExitCode(await submit(api, settings, source, options, output));
    });

  program
    .command('estimate')
    .description('what translating would send and cost, per language, without translating (a dry run)')
    .argument('<source>', 'a local folder, or the name of a source container')
    .requiredOption('--to <languages>', 'target languages, comma-separated, e.g. es,fr')
    .option('--from <language>', 'source language (default: detect)')
    .option('--prefix <prefix>', 'only blobs whose names start with this')
    .option(
      '--target <container>',
      'target container the translation would write (default: <source>-translated)',
    )
    .action(async (source: string, options: EstimateOptions) => {
      const { api, settings, output } = context();
      setExitCode(await estimate(api, settings, source, options, output));
    });

  program
    .command('status')
    .argument('<job-id>')
    .description("show a job's progress")
    .action(async (jobId: string) => {
      const { api, output } = context();
      const job = await api.status(jobId);
      if (output.json) output.data(job);
      else
        output.line(summary(job) + (job.error ? `\n  error: ${job.error.code}: ${job.error.message}` : ''));
    });

  program
    .command('list')
    .description('list jobs, newest first')
    .option('--status <status>', 'only jobs with this status')
    .option('--limit <n>', 'how many', '20')
    .action(async (options: { status?: string; limit: string }) => {
      const { api, output } = context();
      const page = await api.list({
        ...(options.status ? { status: options.status } : {}),
        limit: Number(options.limit),
      });
      if (output.json) output.data(page);
      else if (page.jobs.length === 0) output.line('No jobs.');
      else for (const job of page.jobs) output.line(summary(job));
    });

  program
    .command('files')
    .argument('<job-id>')
    .description("list a job's files and their outcomes")
    .option('--failed', 'only failed files')
    .option('--glossary-misses', 'only files whose output lacks a glossary term translation')
    .action(async (jobId: string, options: { failed?: boolean; glossaryMisses?: boolean }) => {
      const { api, output } = context();
      let files = await allFiles(api, jobId, options.failed ? 'failed' : undefined);
      if (options.glossaryMisses) files = files.filter((f) => (f.glossary_misses?.length ?? 0) > 0);
      if (output.json) output.data(files);
      else if (files.length === 0)
        output.line(
          options.glossaryMisses
            ? 'No glossary misses.'
            : options.failed
              ? 'No failed files.'
              : 'No files yet.',
        );
      else {
        for (const f of files) {
          const reason = f.error ? `  ${f.error.code}: ${f.error.message}` : '';
          const missed = f.glossary_misses?.length
            ? `  glossary misses: ${f.glossary_misses.join(', ')}`
            : '';
          output.line(
            `${f.status.padEnd(9)} ${f.target_language.padEnd(6)} ${f.source_path}${reason}${missed}${memoryNote(f)}`,
          );
        }
      }
    });

  program
    .command('retry')
    .argument('<job-id>')
    .description("re-run a finished job's failed files (outputs already written stay)")
    .option('--include-cancelled', 'also re-run files that were cancelled')
    .option('--wait', 'show progress until the job ends again')
    .action(async (jobId: string, options: { wait?: boolean; includeCancelled?: boolean }) => {
      const { api, output } = context();
      setExitCode(await retry(api, jobId, options, output));
    });

  program
    .command('tmx')
    .argument('<job-id>')
    .description("export a job's translations into one language as a TMX 1.4b translation memory")
    .requiredOption('--to <language>', 'the target language to export, e.g. es')
    .option('-o, --output <file>', 'write the TMX here (default: standard output)')
    .action(async (jobId: string, options: TmxOptions) => {
      const { api, output } = context();
      setExitCode(await exportTmxFile(api, jobId, options, output, io.stdout));
    });

  program
    .command('cancel')
    .argument('<job-id>')
    .description('cancel a job; finished files stay')
    .action(async (jobId: string) => {
      const { api, output } = context();
      const job = await api.cancel(jobId);
      if (output.json) output.data(job);
      else output.line(`Cancel requested: ${summary(job)}`);
    });

  return program;
}

/** Runs the CLI and returns its exit code; every failure becomes a plain message, never a stack trace. */
export async function runCli(argv: readonly string[], io: ProgramIo): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => (exitCode = code));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof ConfigError) {
      io.stderr(`${error.message}\n`);
      return 2;
    }
    if (error instanceof ApiError) {
      io.stderr(`Error: ${error.message}${error.code !== 'unreachable' ? ` [${error.code}]` : ''}\n`);
      return 1;
    }
    io.stderr(`Error: ${(error as Error).message}\n`);
    return 1;
  }
}
