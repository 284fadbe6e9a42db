import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ApiClient } from './apiClient.js';
import type { Output } from './commands.js';

export interface TmxOptions {
  to: string;
  output?: string;
}

/**
 * `tmx`: a job's translations into one language as a TMX file. Written to a temporary name beside the
 * output and renamed when complete, so a transfer broken off never leaves a file that looks finished.
 * Without --output the document goes to standard output.
 */
export async function exportTmxFile(
  api: ApiClient,
  jobId: string,
  options: TmxOptions,
  output: Output,
  stdout: (text: string) => void,
): Promise<number> {
  const body = await api.tmx(jobId, options.to);
  const source = Readable.fromWeb(body);
  if (!options.output) {
    const decoder = new TextDecoder();
    for await (const chunk of source) stdout(decoder.decode(chunk as Uint8Array, { stream: true }));
    stdout(decoder.decode());
    return 0;
  }
  const path = resolve(options.output);
  const partial = `${path}.partial`;
  let bytes = 0;
  source.on('data', (chunk: Uint8Array) => (bytes += chunk.length));
  try {
    await pipeline(source, createWriteStream(partial));
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  if (output.json) output.data({ job_id: jobId, target_language: options.to, out: path, bytes });
  else output.line(`Wrote ${bytes} bytes of TMX (${jobId}, ${options.to}) to ${path}`);
  return 0;
}
