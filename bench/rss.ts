/** Benchmark 5: peak RSS of translating one 20 MiB Markdown file, measured by `/usr/bin/time -v`. */
import { spawn } from 'node:child_process';
import { seededRandom } from '../test/helpers/prng.js';
import { freshStorage, uploadFiles } from './storage.js';
import { markdown } from './fixtures.js';

export interface RssResult {
  fileBytes: number;
  baselineKiB: number;
  translateKiB: number;
  translateSeconds: number;
  /** The translating process's own view of its peak, as a cross-check of /usr/bin/time. */
  translateSelfKiB: number;
  /** The same translation with V8's old space capped at CAPPED_HEAP_MIB: what the work needs, not what lazy GC keeps. */
  cappedKiB: number;
  cappedSeconds: number;
  method: string;
}

/** A heap far smaller than a whole-file parse tree would need (tsx and the SDKs take about half), ample for one part. */
export const CAPPED_HEAP_MIB = 96;

async function timed(
  args: string[],
  env: Record<string, string>,
  nodeFlags: string[] = [],
): Promise<{ maxRssKiB: number; seconds: number; selfKiB: number }> {
  const child = spawn(
    '/usr/bin/time',
    ['-v', process.execPath, ...nodeFlags, '--import', 'tsx', 'bench/rssChild.ts', ...args],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
  if (code !== 0) throw new Error(`rssChild ${args[0]} exited ${code}:\n${stderr}`);
  const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  if (!match) throw new Error(`/usr/bin/time printed no maximum RSS:\n${stderr}`);
  const report = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as {
    seconds?: number;
    maxRssKiB?: number;
  };
  return { maxRssKiB: Number(match[1]), seconds: report.seconds ?? NaN, selfKiB: report.maxRssKiB ?? NaN };
}

export async function measurePeakRss(): Promise<RssResult> {
  const storage = await freshStorage();
  try {
    const target = 20 * 1024 * 1024;
    let text = markdown(seededRandom(5), target);
    text = text.slice(0, target);
    const bytes = Buffer.byteLength(text, 'utf8');
    await uploadFiles(storage.services, 'bench-rss', [['big.md', text]]);
    await storage.services.storage.blobs.getContainerClient('bench-rss-out').createIfNotExists();
    const env = {
      AzureWebJobsStorage: storage.azurite.connectionString,
      TRANSLATION_QUEUE: storage.config.translationQueue,
      PLAN_QUEUE: storage.config.planQueue,
      JOBS_TABLE: storage.config.jobsTable,
      TRANSLATION_CACHE: 'false',
    };
    const baseline = await timed(['baseline', 'bench-rss'], env);
    const translate = await timed(['translate', 'bench-rss', 'big.md', String(bytes)], env);
    const capped = await timed(['translate', 'bench-rss', 'big.md', String(bytes)], env, [
      `--max-old-space-size=${CAPPED_HEAP_MIB}`,
    ]);
    return {
      fileBytes: bytes,
      baselineKiB: baseline.maxRssKiB,
      translateKiB: translate.maxRssKiB,
      translateSeconds: translate.seconds,
      translateSelfKiB: translate.selfKiB,
      cappedKiB: capped.maxRssKiB,
      cappedSeconds: capped.seconds,
      method:
        '`/usr/bin/time -v node --import tsx bench/rssChild.ts` ("Maximum resident set size"), one process per run',
    };
  } finally {
    await storage.stop();
  }
}
