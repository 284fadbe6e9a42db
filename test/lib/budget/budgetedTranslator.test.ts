import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pLimit from 'p-limit';
import { listJobFiles } from '../../../src/lib/jobs/listJobFiles.js';
import { createServices, type Services } from '../../../src/lib/services.js';
import { BUDGET_ROW } from '../../../src/lib/tracker/keys.js';
import type { BudgetRow } from '../../../src/lib/tracker/entities.js';
import { PseudoTranslator } from '../../../src/lib/translation/pseudoTranslator.js';
import type {
  TranslateRequest,
  TranslateResult,
  Translator,
} from '../../../src/lib/translation/translator.js';
import { settleItem } from '../../../src/lib/worker/settleItem.js';
import { drainQueue, jobStatus, planFully, submitJob, waitForTerminal } from '../../helpers/jobs.js';
import {
  jobsTableOf,
  testEnvironment,
  uniqueName,
  type TestEnvironment,
} from '../../helpers/testServices.js';

/** The pseudo provider, counting what it really charged across every call that reached it. */
class MeteredProvider implements Translator {
  readonly name = 'pseudo';
  readonly maxSegmentChars: number;
  charged = 0;
  largestCall = 0;
  private readonly inner = new PseudoTranslator(5);
  constructor() {
    this.maxSegmentChars = this.inner.maxSegmentChars;
  }
  async translate(request: TranslateRequest): Promise<TranslateResult> {
    const result = await this.inner.translate(request);
    this.charged += result.charactersCharged;
    this.largestCall = Math.max(this.largestCall, result.charactersCharged);
    return result;
  }
}

/** 100 files of different lengths (about 40 to 400 characters of text each). */
function files(count: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    // Each file different: identical files would be copied from the translation cache, charging nothing.
    out[`doc-${String(i).padStart(3, '0')}.txt`] =
      `File ${i}. ${'Words to translate here. '.repeat(1 + (i % 16))}\n`;
  }
  return out;
}

void describe('max_characters: the app never charges more, and every item is counted', () => {
  let env: TestEnvironment;
  const provider = new MeteredProvider();
  beforeEach(async () => {
    provider.charged = 0;
    env = await testEnvironment({}, { translator: provider });
  });
  afterEach(() => env.cleanup());

  void test('32 concurrent workers in two processes: charged <= max, each item succeeded or budget_exceeded', async () => {
    const source = await env.sourceContainer(files(100));
    // What the whole container costs, from a dry run, so the budget is surely below it.
    const dry = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'es',
      dry_run: true,
    });
    await planFully(env.services);
    for (const message of await drainQueue(env.services.translationQueue))
      await settleItem(env.services, message, { number: 1 });
    const total = (await waitForTerminal(env.services, dry.job_id)).estimate?.total.characters ?? 0;
    assert.ok(total > 10_000, `the container costs ${total}`);
    assert.equal(provider.charged, 0, 'a dry run calls no provider');

    const maxCharacters = Math.floor(total * 0.55);
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'es',
      max_characters: maxCharacters,
    });
    assert.equal(job.max_characters, maxCharacters);
    await planFully(env.services);
    const messages = await drainQueue(env.services.translationQueue);
    assert.equal(messages.length, 100);
    // A second process: its own tracker, so its own character pool, on the same table.
    const other: Services = createServices(env.config, { translator: provider });
    const limit = pLimit(32);
    await Promise.all(
      messages.map((message, i) =>
        limit(() => settleItem(i % 2 === 0 ? env.services : other, message, { number: 1 })),
      ),
    );

    const status = await waitForTerminal(env.services, job.job_id);
    assert.ok(provider.charged <= maxCharacters, `charged ${provider.charged} of at most ${maxCharacters}`);
    assert.equal(status.characters_charged, provider.charged, 'the job counts what the provider charged');
    assert.equal(status.status, 'completed_with_errors');
    assert.equal(status.total_files, 100);
    assert.equal(status.succeeded_files + status.failed_files, 100);
    assert.ok(status.succeeded_files > 0 && status.failed_files > 0);
    const listed = await listJobFiles(env.services, job.job_id, { limit: '1000' });
    assert.equal(listed.files.length, 100);
    for (const file of listed.files) {
      if (file.status === 'failed') assert.equal(file.error?.code, 'budget_exceeded', file.source_path);
      else assert.equal(file.status, 'succeeded', file.source_path);
    }
    // Every reservation was settled: the budget row holds exactly what was charged, nothing left in pools.
    const row = await jobsTableOf(env.services).getEntity<BudgetRow>(job.job_id, BUDGET_ROW);
    assert.equal(row.reserved, provider.charged);
    assert.equal(row.max_characters, maxCharacters);
    // Budget was refused only when it truly ran short: what is left is less than some file needed.
    const left = maxCharacters - provider.charged;
    console.log(
      `budget ${maxCharacters}, charged ${provider.charged}, left ${left}, largest call ${provider.largestCall}`,
    );
    assert.ok(left < provider.largestCall + 1000);
  });

  void test('a file larger than the whole budget fails budget_exceeded and is never sent', async () => {
    const source = await env.sourceContainer({ 'big.txt': 'A sentence of some length. '.repeat(40) });
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'es',
      max_characters: 100,
    });
    await planFully(env.services);
    for (const message of await drainQueue(env.services.translationQueue))
      await settleItem(env.services, message, { number: 1 });
    const status = await jobStatus(env.services, job.job_id);
    assert.equal(status.status, 'failed');
    assert.equal(status.failed_files, 1);
    assert.equal(provider.charged, 0);
    const [file] = (await listJobFiles(env.services, job.job_id, {})).files;
    assert.equal(file?.error?.code, 'budget_exceeded');
    const row = await jobsTableOf(env.services).getEntity<BudgetRow>(job.job_id, BUDGET_ROW);
    assert.equal(row.reserved, 0);
  });
});
