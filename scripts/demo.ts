/**
 * `npm run demo`: the whole pipeline on this machine with embedded defaults. Starts Azurite if needed and
 * the local runtime, uploads samples/, submits a job for two languages over the HTTP API, shows progress
 * until the job ends, and prints where the outputs are.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { loadConfig } from '../src/lib/config.js';
import type { JobStatusBody } from '../src/lib/jobs/jobStatusBody.js';
import { readLocalSettings } from '../src/runtime/localSettings.js';
import { startLocalRuntime } from '../src/runtime/localRuntime.js';
import { ensureLocalStorage } from './storageForLocalRun.js';

const SOURCE = 'demo-source';
const TARGET = 'demo-output';
const LANGUAGES = ['es', 'fr'];
const TERMINAL = new Set(['completed', 'completed_with_errors', 'failed', 'cancelled']);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

async function api<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  const body = (await response.json()) as T & { error?: { code: string; message: string } };
  if (!response.ok) throw new Error(`${response.status} ${body.error?.code}: ${body.error?.message}`);
  return body;
}

const azurite = await ensureLocalStorage(console.log);
const config = loadConfig(readLocalSettings());
const runtime = await startLocalRuntime({ config, port: 0, log: () => undefined });
let exitCode = 1;
try {
  const { blobs } = runtime.services.storage;
  const source = blobs.getContainerClient(SOURCE);
  await source.createIfNotExists();
  const files = filesUnder('samples');
  for (const file of files) {
    const name = relative('samples', file).split('\\').join('/');
    const body = readFileSync(file);
    await source.getBlockBlobClient(name).upload(body, body.length);
  }
  console.log(`Uploaded ${files.length} sample files to container "${SOURCE}".`);

  const api_ = `${runtime.url}/api`;
  const job = await api<JobStatusBody>(`${api_}/jobs`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ source_container: SOURCE, target_container: TARGET, target_languages: LANGUAGES }),
  });
  console.log(`Submitted job ${job.job_id} (${LANGUAGES.join(', ')}); following its progress...`);

  const bar = new SingleBar(
    // Piped output (CI logs) still gets a line per second instead of nothing.
    {
      format: ' {bar} {value}/{total} files | {status}',
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 1000,
    },
    Presets.shades_classic,
  );
  bar.start(1, 0, { status: job.status });
  let status = job;
  while (!TERMINAL.has(status.status)) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    status = await api<JobStatusBody>(`${api_}/jobs/${job.job_id}`);
    bar.setTotal(Math.max(status.total_files, 1));
    bar.update(status.processed_files, { status: status.status });
  }
  bar.stop();

  console.log(
    `\nJob ${status.status}: ${status.succeeded_files} succeeded, ${status.failed_files} failed, ` +
      `${status.cancelled_files} cancelled of ${status.total_files}; ${status.characters_charged} characters charged.`,
  );
  const example = `es/${relative('samples', files[0] ?? 'samples/welcome.txt')}`;
  const translated = await blobs.getContainerClient(TARGET).getBlobClient(example).downloadToBuffer();
  console.log(
    `\nOutputs are in container "${TARGET}" under ${LANGUAGES.map((l) => `${l}/`).join(' and ')}. ${example}:\n`,
  );
  console.log(translated.toString('utf8'));
  console.log(
    `\nNext: "npm run dev" keeps the API running at http://127.0.0.1:${config.port}/api (see README).`,
  );
  exitCode = status.status === 'completed' ? 0 : 1;
} finally {
  await runtime.stop();
  await azurite?.stop();
}
process.exit(exitCode);
