import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLocalRuntime } from '../../src/runtime/localRuntime.js';
import { listJobFiles } from '../../src/lib/jobs/listJobFiles.js';
import { testEnvironment, uniqueName, waitUntil } from '../helpers/testServices.js';
import { fastHostSettings, quietLog } from '../helpers/localRuntime.js';
import { submitJob, waitForTerminal } from '../helpers/jobs.js';
import { auditJob, printFigures } from '../helpers/audit.js';
import { FlakyProvider } from '../helpers/flakyProvider.js';

const SEED = 20_260_611;
const FAULT_RATE = 0.2;
const MAX_DEQUEUE_COUNT = 5;
const FILES = 100;
const LANGUAGES = ['es', 'pt-BR'];
const GOOD_ITEMS = FILES * LANGUAGES.length;
const BAD_ITEMS = LANGUAGES.length;

void describe('translator faults: 20% of calls fail with 429 (with and without Retry-After) or 500', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  void test(
    'every item succeeds within the retry budget; an always-failing item is poisoned and counted failed',
    { timeout: 180_000 },
    async () => {
      const provider = new FlakyProvider({ seed: SEED, rate: FAULT_RATE, alwaysFail: 'ALWAYS-FAIL' });
      const env = await testEnvironment({}, { translator: provider });
      const log = quietLog();
      // Retries happen per message (there is no provider-level back-off yet): failed messages come back after
      // visibilityTimeout, up to maxDequeueCount tries, then go to the poison queue.
      const runtime = await startLocalRuntime({
        config: env.config,
        services: env.services,
        hostSettings: fastHostSettings({ maxDequeueCount: MAX_DEQUEUE_COUNT, visibilityTimeoutMs: 1000 }),
        port: 0,
        log,
      });
      cleanups.push(
        () => runtime.stop(),
        () => env.cleanup(),
      );
      const files: Record<string, string> = { 'bad/always.txt': 'This one is ALWAYS-FAIL.' };
      for (let i = 0; i < FILES; i++) files[`good/${i}.txt`] = `Good file ${i}\n\nSecond paragraph ${i}.`;
      const source = await env.sourceContainer(files);
      const target = uniqueName('out');
      const started = Date.now();
      const job = await submitJob(env.services, {
        source_container: source,
        target_container: target,
        target_languages: LANGUAGES,
      });
      const final = await waitForTerminal(env.services, job.job_id, 150_000);
      const poison = env.services.storage.queue(env.config.translationPoisonQueue);
      await waitUntil(
        async () => ((await poison.getProperties()).approximateMessagesCount === 0 ? true : undefined),
        { timeoutMs: 30_000, what: 'the poison queue to be consumed' },
      );
      const audit = await auditJob(env.services, job.job_id, target);

      const attempts: Record<number, number> = {};
      for (const item of audit.items.filter((i) => i.status === 'succeeded'))
        attempts[item.attempts ?? 0] = (attempts[item.attempts ?? 0] ?? 0) + 1;
      const maxAttempts = Math.max(...Object.keys(attempts).map(Number));
      const pItem = FAULT_RATE ** MAX_DEQUEUE_COUNT;
      const pAny = 1 - (1 - pItem) ** GOOD_ITEMS;
      const randomFaults =
        provider.faults['429+retry-after'] + provider.faults['429'] + provider.faults['500'];
      const movedToPoison = log.lines.filter((l) => l.includes(`moved to ${poison.name}`)).length;
      printFigures('translator faults', {
        items: GOOD_ITEMS + BAD_ITEMS,
        calls: provider.calls,
        faults_injected: `${randomFaults} random (${provider.faults['429+retry-after']} 429+Retry-After, ${provider.faults['429']} 429, ${provider.faults['500']} 500) + ${provider.faults.always} on the always-failing item`,
        observed_fault_rate: (randomFaults / (provider.calls - provider.faults.always)).toFixed(3),
        attempts_of_succeeded_items: JSON.stringify(attempts),
        max_attempts: maxAttempts,
        p_item_exhausts_5_tries: pItem.toExponential(2),
        p_any_of_200_exhausts: pAny.toFixed(4),
        moved_to_poison: movedToPoison,
        status: final.status,
        succeeded: final.succeeded_files,
        failed: final.failed_files,
        lost: audit.nonTerminal + audit.missingOutputs.length,
        duplicated: audit.duplicated,
        seconds: ((Date.now() - started) / 1000).toFixed(1),
      });

      assert.ok(randomFaults > 0.1 * provider.calls, 'faults were actually injected');
      assert.equal(final.status, 'completed_with_errors');
      assert.equal(final.total_files, GOOD_ITEMS + BAD_ITEMS);
      assert.equal(final.succeeded_files, GOOD_ITEMS, 'every randomly failing item succeeded on a retry');
      assert.equal(final.failed_files, BAD_ITEMS);
      assert.ok(maxAttempts <= MAX_DEQUEUE_COUNT);
      assert.equal(audit.nonTerminal, 0);
      assert.equal(audit.counted, GOOD_ITEMS + BAD_ITEMS);
      assert.equal(audit.duplicated, 0);
      assert.deepEqual(audit.missingOutputs, []);
      assert.deepEqual(audit.unexpectedOutputs, []);
      assert.equal(movedToPoison, BAD_ITEMS, 'exactly the always-failing items went to the poison queue');
      assert.equal(provider.faults.always, BAD_ITEMS * MAX_DEQUEUE_COUNT, 'each tried maxDequeueCount times');

      const failed = await listJobFiles(env.services, job.job_id, { status: 'failed' });
      assert.equal(failed.files.length, BAD_ITEMS);
      for (const file of failed.files) {
        assert.equal(file.source_path, 'bad/always.txt');
        assert.equal(file.error?.code, 'retries_exhausted');
        assert.equal(file.attempts, MAX_DEQUEUE_COUNT);
        assert.match(file.error?.message ?? '', /500 Internal Server Error/);
      }
    },
  );
});
