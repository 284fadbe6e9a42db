/**
 * What the durable-equivalence tests run both modes with: a translator with a permanent and a transient
 * failure, queue mode driven in-process with the host's poison rule, a durable client that records its calls,
 * and the tracker's view of a job minus what legitimately differs between two jobs.
 */
import assert from 'node:assert/strict';
import type { TranslateJobInput } from '../../src/lib/durable/contracts.js';
import type { JobOrchestrations } from '../../src/lib/durable/jobOrchestrations.js';
import { getJob } from '../../src/lib/jobs/getJob.js';
import { listJobFiles } from '../../src/lib/jobs/listJobFiles.js';
import type { Services } from '../../src/lib/services.js';
import { PseudoTranslator } from '../../src/lib/translation/pseudoTranslator.js';
import { sourceText } from '../../src/lib/translation/tokens.js';
import type { TranslateRequest, TranslateResult, Translator } from '../../src/lib/translation/translator.js';
import { failPoisonedItem } from '../../src/lib/worker/failPoisonedItem.js';
import { settleItem } from '../../src/lib/worker/settleItem.js';
import { drainQueue, planFully } from './jobs.js';

/** Deliveries of one message before the host poisons it, in both modes. */
export const MAX_ATTEMPTS = 3;

/** The pseudo translator, except: "ALWAYS-FAILS" always throws; "FLAKY" throws on its first call per language. */
export class TroubledTranslator implements Translator {
  readonly name = 'troubled';
  readonly maxSegmentChars = 50_000;
  private readonly inner = new PseudoTranslator(0);
  private readonly seen = new Set<string>();

  async translate(request: TranslateRequest): Promise<TranslateResult> {
    const texts = request.segments.map(sourceText);
    if (texts.some((s) => s.includes('ALWAYS-FAILS')))
      throw new Error('provider returned 500 Internal Server Error');
    const flaky = texts.find((s) => s.includes('FLAKY'));
    if (flaky && !this.seen.has(`${request.to}:${flaky}`)) {
      this.seen.add(`${request.to}:${flaky}`);
      throw new Error('provider timed out');
    }
    return this.inner.translate(request);
  }
}

/** Queue mode in-process: plan every page, then deliver each message until it settles or is poisoned. */
export async function runQueueMode(services: Services): Promise<void> {
  await planFully(services);
  let deliveries = (await drainQueue(services.translationQueue)).map((body) => ({ body, dequeueCount: 1 }));
  while (deliveries.length > 0) {
    const retries: typeof deliveries = [];
    await Promise.all(
      deliveries.map(async ({ body, dequeueCount }) => {
        try {
          await settleItem(services, body, { number: dequeueCount });
        } catch {
          if (dequeueCount >= MAX_ATTEMPTS) await failPoisonedItem(services, body);
          else retries.push({ body, dequeueCount: dequeueCount + 1 });
        }
      }),
    );
    deliveries = retries;
  }
}

/** A durable client that records what the job API asks of it. */
export function recordingOrchestrations(): JobOrchestrations & {
  started: { jobId: string; input: TranslateJobInput }[];
  cancels: string[];
} {
  const started: { jobId: string; input: TranslateJobInput }[] = [];
  const cancels: string[] = [];
  return {
    started,
    cancels,
    start: async (jobId, input) => void started.push({ jobId, input }),
    signalCancel: async (jobId) => void cancels.push(jobId),
  };
}

/** The tracker's rows as the API reports them, minus what legitimately differs between two jobs. */
export async function trackerView(services: Services, jobId: string) {
  const job = await getJob(services, jobId);
  const { job_id, target_container, mode, created_at, updated_at, completed_at, ...counts } = job;
  assert.ok(job_id && target_container && mode && created_at && updated_at && completed_at);
  const rows = (await services.tracker.listItems(jobId, { limit: 1000 })).items.map((row) => ({
    source_path: row.source_path,
    target_language: row.target_language,
    target_path: row.target_path,
    status: row.status,
    error_code: row.error_code || null,
    error_message: row.error_message || null,
    characters_charged: row.characters_charged,
  }));
  const files = (await listJobFiles(services, jobId, { limit: '1000' })).files.map(
    ({ updated_at: _at, attempts: _attempts, ...file }) => file,
  );
  const byPath = <T extends { target_path: string }>(a: T, b: T) =>
    a.target_path.localeCompare(b.target_path);
  return { job: counts, rows: rows.sort(byPath), files: files.sort(byPath) };
}
