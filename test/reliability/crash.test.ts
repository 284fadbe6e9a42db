import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testEnvironment, uniqueName, waitUntil, type TestEnvironment } from '../helpers/testServices.js';
import { spawnServe, type ServeProcess } from '../helpers/serveProcess.js';
import { auditJob, printFigures } from '../helpers/audit.js';
import type { JobStatusBody } from '../../src/lib/jobs/jobStatusBody.js';
import { isTerminal } from '../../src/lib/tracker/entities.js';

const FILES = 500;
const LANGUAGES = ['es', 'fr'];
const ITEMS = FILES * LANGUAGES.length;

/** Keeps items in flight (20 ms per call) and makes a killed runtime's messages return after 10 s. */
const SETTINGS = {
  RUNTIME_MESSAGE_LEASE_SECONDS: '10',
  PSEUDO_LATENCY_MS: '20',
  // Several planner pages, so a kill can land while planning is still going on, or waits for the queue
  // (more than 300 queued items hold the next page back) with its plan message re-sent every second.
  PLANNER_PAGE_SIZE: '100',
  PLANNER_QUEUE_HIGH_WATER: '300',
  PLANNER_QUEUE_WAIT_SECONDS: '1',
};

async function status(api: string, jobId: string): Promise<JobStatusBody> {
  const response = await fetch(`${api}/jobs/${jobId}`);
  assert.equal(response.status, 200);
  return (await response.json()) as JobStatusBody;
}

void describe('crash: SIGKILL the local runtime twice during a 1,000-item job', () => {
  let env: TestEnvironment;
  const processes: ServeProcess[] = [];
  before(async () => {
    env = await testEnvironment();
  });
  after(async () => {
    for (const p of processes) await p.kill('SIGKILL');
    await env.cleanup();
  });

  void test(
    'every item ends terminal, counted exactly once, every success has its output',
    { timeout: 240_000 },
    async () => {
      const files: Record<string, string> = {};
      for (let i = 0; i < FILES; i++)
        files[`docs/${i % 7}/file-${i}.txt`] = `Title ${i}\n\nBody of file ${i}.`;
      const source = await env.sourceContainer(files);
      const target = uniqueName('out');
      const started = Date.now();

      let serve = await spawnServe(env.config, SETTINGS);
      processes.push(serve);
      const created = await fetch(`${serve.api}/jobs`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          source_container: source,
          target_container: target,
          target_languages: LANGUAGES,
        }),
      });
      assert.equal(created.status, 202);
      const jobId = ((await created.json()) as JobStatusBody).job_id;

      const kills: string[] = [];
      for (const threshold of [50, 500]) {
        const at = await waitUntil(
          async () => {
            const s = await status(serve.api, jobId);
            return s.processed_files >= threshold ? s : undefined;
          },
          { timeoutMs: 120_000, intervalMs: 20, what: `${threshold} items processed` },
        );
        await serve.kill('SIGKILL');
        kills.push(
          `after ${at.processed_files}/${at.total_files} items (planning ${at.planning_complete ? 'done' : 'in progress'})`,
        );
        serve = await spawnServe(env.config, SETTINGS);
        processes.push(serve);
      }

      const final = await waitUntil(
        async () => {
          const s = await status(serve.api, jobId);
          return isTerminal(s.status) ? s : undefined;
        },
        { timeoutMs: 180_000, intervalMs: 200, what: 'the job to end' },
      );
      // Messages a killed process had received come back when their lease lapses; they must settle too.
      const queue = env.services.storage.queue(env.config.translationQueue);
      await waitUntil(
        async () => ((await queue.getProperties()).approximateMessagesCount === 0 ? true : undefined),
        { timeoutMs: 60_000, intervalMs: 250, what: 'the translation queue to empty' },
      );
      const poisoned = (await env.services.storage.queue(env.config.translationPoisonQueue).getProperties())
        .approximateMessagesCount;

      const audit = await auditJob(env.services, jobId, target);
      const log = processes.map((p) => p.output.join('')).join('');
      const duplicateDeliveries = (log.match(/already recorded; duplicate delivery ignored/g) ?? []).length;
      printFigures('crash', {
        items: ITEMS,
        faults_injected: `${kills.length} SIGKILLs (${kills.join('; ')})`,
        status: final.status,
        succeeded: final.succeeded_files,
        failed: final.failed_files,
        lost: audit.nonTerminal + audit.missingOutputs.length,
        duplicated: audit.duplicated,
        duplicate_deliveries_absorbed: duplicateDeliveries,
        left_in_poison_queue: poisoned ?? 0,
        seconds: ((Date.now() - started) / 1000).toFixed(1),
      });

      assert.equal(final.status, 'completed');
      assert.equal(final.total_files, ITEMS);
      assert.equal(final.processed_files, ITEMS);
      assert.equal(final.succeeded_files, ITEMS);
      assert.equal(audit.items.length, ITEMS, 'one item row per (file, language)');
      assert.equal(audit.nonTerminal, 0, 'every item has an outcome');
      assert.equal(audit.doneMarkers, ITEMS, 'one done marker per item');
      assert.equal(audit.counted, ITEMS, 'the shards count each item once');
      assert.equal(audit.duplicated, 0);
      assert.deepEqual(audit.missingOutputs, []);
      assert.deepEqual(audit.unexpectedOutputs, []);
      assert.equal(audit.outputs.length, ITEMS, 'one output per succeeded item');
      assert.equal(poisoned ?? 0, 0);
    },
  );
});
