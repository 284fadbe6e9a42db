import { randomBytes } from 'node:crypto';
import { basename, resolve } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import type { CliSettings } from '../lib/config.js';
import type { FileStatusBody, JobStatusBody } from '../lib/jobs/jobStatusBody.js';
import type { ApiClient } from './apiClient.js';
import { downloadBlobs, isLocalFolder, uploadFolder } from './folderTransfer.js';
import { waitForJob } from './waitForJob.js';

export interface Output {
  json: boolean;
  line(text: string): void;
  data(value: unknown): void;
  /** True when progress can be drawn in place. */
  interactive: boolean;
}

export interface SubmitOptions {
  to: string;
  from?: string;
  prefix?: string;
  target?: string;
  wait?: boolean;
  out?: string;
  draft?: boolean;
  maxCharacters?: number;
  overwriteEdits?: boolean;
}

export function summary(job: JobStatusBody): string {
  return (
    `${job.job_id}  ${job.status.padEnd(21)} ${job.processed_files}/${job.total_files} processed ` +
    `(${job.succeeded_files} succeeded, ${job.failed_files} failed, ${job.cancelled_files} cancelled)  ` +
    `${job.target_languages.join(',')}  ${job.source_container} → ${job.target_container}  ` +
    `${job.characters_charged} characters charged, ${job.characters_saved} saved by the segment memory`
  );
}

/** What the segment memory did for a file translated segment by segment; '' for other files. */
export function memoryNote(file: FileStatusBody): string {
  if (file.segments === null) return '';
  const edits = file.edits_kept ? `, ${file.edits_kept} edits kept` : '';
  return `  ${file.segments_reused ?? 0}/${file.segments} segments reused${edits}, ${file.characters_charged} characters charged`;
}

/** A container name derived from a folder name: lowercase, valid, and unique enough not to collide. */
export function containerNameFor(folder: string): string {
  const base = basename(resolve(folder))
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
  return `${base || 'files'}-${randomBytes(4).toString('hex')}`;
}

function progressBar(output: Output): { update(job: JobStatusBody): void; stop(): void } {
  if (output.json) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar(
    {
      format: ' {bar} {percentage}% | {value}/{total} files | {succeeded} ok, {failed} failed | {status}',
      hideCursor: true,
      noTTYOutput: !output.interactive,
      notTTYSchedule: 2000,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(job) {
      const values = { status: job.status, succeeded: job.succeeded_files, failed: job.failed_files };
      if (!started) {
        bar.start(Math.max(job.total_files, 1), job.processed_files, values);
        started = true;
      }
      bar.setTotal(Math.max(job.total_files, 1));
      bar.update(job.processed_files, values);
    },
    stop: () => started && bar.stop(),
  };
}

/** Lists every file of a job, following continuations. */
export async function allFiles(api: ApiClient, jobId: string, status?: string): Promise<FileStatusBody[]> {
  const files: FileStatusBody[] = [];
  let continuation: string | undefined;
  do {
    const page = await api.files(jobId, {
      ...(status ? { status } : {}),
      ...(continuation ? { continuation } : {}),
    });
    files.push(...page.files);
    continuation = page.continuation ?? undefined;
  } while (continuation);
  return files;
}

/** With --wait: follows the job to its end and reports it; the exit code is 0 only for `completed`. */
async function followToEnd(api: ApiClient, job: JobStatusBody, output: Output): Promise<JobStatusBody> {
  if (!output.json) output.line(`Waiting for ${job.job_id} to finish...`);
  const bar = progressBar(output);
  const final = await waitForJob(api, job.job_id, (status) => bar.update(status));
  bar.stop();
  return final;
}

/** `retry`: re-runs a finished job's failed files; the exit code as for `submit`. */
export async function retry(
  api: ApiClient,
  jobId: string,
  options: { wait?: boolean; includeCancelled?: boolean },
  output: Output,
): Promise<number> {
  const job = await api.retry(jobId, options.includeCancelled === true);
  if (!options.wait) {
    if (output.json) output.data(job);
    else output.line(`Retry ${job.retry_round} started: ${summary(job)}`);
    return 0;
  }
  const final = await followToEnd(api, job, output);
  if (output.json) output.data(final);
  else {
    output.line(summary(final));
    if (final.failed_files > 0) output.line(`Still failing: batch-translate files ${final.job_id} --failed`);
  }
  return final.status === 'completed' ? 0 : 1;
}

/** The job's source container: `source` itself, or a new container holding the local folder `source` names. */
export async function sourceContainerOf(
  settings: CliSettings,
  source: string,
  output: Output,
): Promise<string> {
  if (!(await isLocalFolder(source))) return source;
  const container = containerNameFor(source);
  const count = await uploadFolder(settings.storageConnectionString, source, container);
  if (!output.json) output.line(`Uploaded ${count} files from ${source} to container "${container}".`);
  return container;
}

/** `--to es,fr` as a list of language codes. */
export function languagesOf(to: string): string[] {
  return to
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** `submit`: returns the process exit code (0 when the job was accepted, or with --wait, completed). */
export async function submit(
  api: ApiClient,
  settings: CliSettings,
  source: string,
  options: SubmitOptions,
  output: Output,
): Promise<number> {
  const sourceContainer = await sourceContainerOf(settings, source, output);
  const targetContainer = options.target ?? `${sourceContainer.slice(0, 52)}-translated`;
  const languages = languagesOf(options.to);
  const job = await api.submit({
    source_container: sourceContainer,
    target_container: targetContainer,
    target_languages: languages,
    ...(options.from ? { source_language: options.from } : {}),
    ...(options.prefix ? { prefix: options.prefix } : {}),
    ...(options.draft ? { mark_as_draft: true } : {}),
    ...(options.maxCharacters !== undefined ? { max_characters: options.maxCharacters } : {}),
    ...(options.overwriteEdits ? { overwrite_edits: true } : {}),
  });
  if (!options.wait) {
    if (output.json) output.data(job);
    else output.line(`Submitted ${job.job_id}. Follow it with: batch-translate status ${job.job_id}`);
    return 0;
  }
  if (!output.json) output.line(`Submitted ${job.job_id}; waiting for it to finish...`);
  const bar = progressBar(output);
  const final = await waitForJob(api, job.job_id, (status) => bar.update(status));
  bar.stop();
  let downloaded = 0;
  if (options.out) {
    const succeeded = await allFiles(api, job.job_id, 'succeeded');
    downloaded = await downloadBlobs(
      settings.storageConnectionString,
      final.target_container,
      succeeded.map((f) => f.target_path),
      options.out,
    );
  }
  if (output.json) {
    output.data({
      ...final,
      ...(options.out ? { downloaded_files: downloaded, out: resolve(options.out) } : {}),
    });
  } else {
    output.line(summary(final));
    if (final.failed_files > 0)
      output.line(`See the failures with: batch-translate files ${final.job_id} --failed`);
    if (options.out) output.line(`Downloaded ${downloaded} translated files to ${resolve(options.out)}`);
  }
  return final.status === 'completed' ? 0 : 1;
}
