import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { InvariantError } from '../../../src/lib/errors.js';
import { listJobFiles } from '../../../src/lib/jobs/listJobFiles.js';
import type { TranslateItemMessage } from '../../../src/lib/messages.js';
import { createServices, type Services } from '../../../src/lib/services.js';
import { createStorageClients } from '../../../src/lib/storage/clients.js';
import { ProviderError } from '../../../src/lib/translation/providerErrors.js';
import type {
  TranslateRequest,
  TranslateResult,
  Translator,
} from '../../../src/lib/translation/translator.js';
import { failPoisonedItem } from '../../../src/lib/worker/failPoisonedItem.js';
import { settleItem, type Attempt } from '../../../src/lib/worker/settleItem.js';
import { jobStatus, planFully, submitJob } from '../../helpers/jobs.js';
import { drainItemMessages, plannedJob } from '../../helpers/planner.js';
import { countingStorageClients } from '../../helpers/storageCalls.js';
import { PseudoTranslator } from '../../../src/lib/translation/pseudoTranslator.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';

/** A provider that fails every call with whatever the test sets, counting the calls. */
class ScriptedFailure implements Translator {
  readonly name = 'scripted-failure';
  readonly maxSegmentChars = 50_000;
  calls = 0;
  failure: () => unknown = () => new Error('unset');
  translate(_request: TranslateRequest): Promise<TranslateResult> {
    this.calls++;
    throw this.failure();
  }
}

void describe('settleItem: each fate from one decision', () => {
  let env: TestEnvironment;
  const translator = new ScriptedFailure();
  before(async () => {
    env = await testEnvironment({ RETRY_LATER_MAX_SECONDS: '120' }, { translator });
  });
  after(() => env.cleanup());

  async function oneItem(): Promise<{ jobId: string; message: TranslateItemMessage }> {
    const source = await env.sourceContainer({ 'a.txt': 'Hello there.\n' });
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'es',
    });
    await planFully(env.services);
    const [message] = await drainItemMessages(env.services);
    assert.ok(message);
    return { jobId: job.job_id, message };
  }

  void test('a broken invariant is recorded failed internal_error on the first attempt, never retried', async () => {
    translator.failure = () => new InvariantError('Expected 2 translations, got 1.');
    const { jobId, message } = await oneItem();
    const settlement = await settleItem(env.services, message, { number: 1 });
    assert.equal(settlement.kind, 'recorded');
    assert.ok(settlement.kind === 'recorded' && settlement.internalError instanceof InvariantError);
    const status = await jobStatus(env.services, jobId);
    assert.equal(status.status, 'failed');
    assert.equal(status.failed_files, 1);
    const [file] = (await listJobFiles(env.services, jobId, {})).files;
    assert.equal(file?.error?.code, 'internal_error');
    assert.equal(file?.attempts, 1);
  });

  void test('a RangeError (a stack blown by a bug) is an invariant too, not a retry', async () => {
    translator.failure = () => new RangeError('Maximum call stack size exceeded');
    const { jobId, message } = await oneItem();
    await settleItem(env.services, message, { number: 1 });
    const [file] = (await listJobFiles(env.services, jobId, {})).files;
    assert.equal(file?.status, 'failed');
    assert.equal(file?.error?.code, 'internal_error');
  });

  void test('a throttled provider defers the item without spending an attempt, then gives up past the bound', async () => {
    translator.failure = () => new ProviderError('p', 'throttled', 'HTTP 429: quota', '429001', 50_000);
    const { jobId, message } = await oneItem();
    const deferred: { message: TranslateItemMessage; delaySeconds: number }[] = [];
    const attempt: Attempt = {
      number: 1,
      defer: (next, delaySeconds) => {
        deferred.push({ message: next, delaySeconds });
        return Promise.resolve();
      },
    };
    const first = await settleItem(env.services, message, attempt);
    assert.deepEqual(
      { kind: first.kind, delay: deferred[0]?.delaySeconds, waited: deferred[0]?.message.deferred_seconds },
      { kind: 'deferred', delay: 50, waited: 50 },
    );
    let status = await jobStatus(env.services, jobId);
    assert.equal(status.processed_files, 0, 'the item is still to do');
    const [waiting] = (await listJobFiles(env.services, jobId, {})).files;
    assert.equal(waiting?.status, 'queued');

    // The re-sent message arrives as a first delivery again: dequeue counts are not spent by waiting.
    const second = await settleItem(env.services, deferred[0]?.message, attempt);
    assert.equal(second.kind, 'deferred');
    assert.equal(deferred[1]?.message.deferred_seconds, 100);
    // 100 s waited + 50 s more would pass RETRY_LATER_MAX_SECONDS (120): the item ends.
    const third = await settleItem(env.services, deferred[1]?.message, attempt);
    assert.equal(third.kind, 'recorded');
    status = await jobStatus(env.services, jobId);
    assert.equal(status.failed_files, 1);
    const [file] = (await listJobFiles(env.services, jobId, {})).files;
    assert.equal(file?.error?.code, 'retries_exhausted');
    assert.match(file?.error?.message ?? '', /Waited 100 s in all/);
  });

  void test('a transient failure is thrown for the host and its error kept on the item', async () => {
    translator.failure = () => new ProviderError('p', 'unavailable', 'HTTP 503: busy', '503');
    const { jobId, message } = await oneItem();
    await assert.rejects(settleItem(env.services, message, { number: 2 }), /HTTP 503: busy/);
    const [file] = (await listJobFiles(env.services, jobId, {})).files;
    assert.equal(file?.status, 'queued');
    assert.equal(file?.attempts, 2);
  });

  void test('an attempt whose error cannot be recorded is logged, and the poison handler never says "0 attempts"', async () => {
    translator.failure = () => new ProviderError('p', 'unavailable', 'HTTP 503: busy', '503');
    const { jobId, message } = await oneItem();
    // The table rejects the attempt's write (storage failing too): the warning says so.
    const storage = createStorageClients(env.config.storage);
    const broken: Services = createServices(env.config, {
      translator,
      storage: {
        ...storage,
        table(name) {
          const table = storage.table(name);
          table.upsertEntity = () => Promise.reject(new Error('storage down'));
          return table;
        },
      },
    });
    const warnings: string[] = [];
    const logger = { log: () => undefined, warn: (m: string) => warnings.push(m), error: () => undefined };
    await assert.rejects(settleItem(broken, message, { number: 5, logger }), /HTTP 503/);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /Could not record attempt 5 .*storage down/);

    await failPoisonedItem(env.services, message);
    const [file] = (await listJobFiles(env.services, jobId, {})).files;
    assert.equal(file?.error?.code, 'retries_exhausted');
    assert.doesNotMatch(file?.error?.message ?? '', /after 0 attempts/);
    assert.match(file?.error?.message ?? '', /after 5 attempts; the last error could not be recorded/);
  });
});

/**
 * The pseudo provider, answering "File N" after N × 40 ms so items finish one by one; the first call carrying
 * `marker` fails as the network would (transient).
 */
class StaggeredFailingOnce implements Translator {
  readonly name = 'pseudo';
  readonly maxSegmentChars = 50_000;
  private failed = false;
  private readonly pseudo = new PseudoTranslator(0);
  constructor(private readonly marker: string) {}
  async translate(request: TranslateRequest): Promise<TranslateResult> {
    const text = JSON.stringify(request.segments);
    if (!this.failed && text.includes(this.marker)) {
      this.failed = true;
      throw new Error('socket hang up');
    }
    await delay(40 * Number(/File (\d+)/.exec(text)?.[1] ?? 0));
    return this.pseudo.translate(request);
  }
}

void describe('settleItem: completion checks of items settled together', () => {
  let env: TestEnvironment;
  before(async () => {
    env = await testEnvironment();
  });
  after(() => env.cleanup());

  void test('items in flight together skip their checks; a transient failure among them still ends the job, each file counted once', async () => {
    const { jobId, messages } = await plannedJob(env, 12);
    const counted = countingStorageClients(env.config.storage);
    const worker = createServices(env.config, {
      storage: counted.storage,
      translator: new StaggeredFailingOnce('File 7'),
    });

    const first = await Promise.allSettled(messages.map((m) => settleItem(worker, m, { number: 1 })));
    const failed = messages.filter((_, i) => first[i]?.status === 'rejected');
    assert.equal(failed.length, 1);
    assert.equal((await jobStatus(env.services, jobId)).status, 'processing');
    // Its message comes back, as the host would deliver it.
    for (const message of failed) await settleItem(worker, message, { number: 2 });

    const status = await jobStatus(env.services, jobId);
    assert.deepEqual([status.status, status.succeeded_files, status.total_files], ['completed', 12, 12]);
    // A completion check reads the job row and its shards in one query.
    const checks = counted.log.count(
      (c) => c.operation === 'query' && /RowKey ge 'job'/.test(c.filter ?? ''),
    );
    console.log(`12 items settled together: ${checks} completion checks`);
    // One check by the last item of the first delivery, one by the redelivered item; one per item before.
    assert.ok(checks <= 2, `${checks} completion checks for ${messages.length} items`);
  });
});
