/**
 * DRY_RUN_MEASURED_BY=workers: a queue-mode dry run's items go through the translation queue like a real job's,
 * so every instance listening to it shares the parsing. The estimate must be the one the planner would have
 * made, each item counted once however often its message comes, and the planner held back by the same high
 * water as a real job.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { JobStatusBody } from '../../../src/lib/jobs/jobStatusBody.js';
import { planJob } from '../../../src/lib/planner/planJob.js';
import type { Services } from '../../../src/lib/services.js';
import { jobStatus, submitJob } from '../../helpers/jobs.js';
import {
  drainItemMessages,
  numberedFiles,
  planStepwise,
  processAll,
  pumpWithSlowWorker,
  tally,
} from '../../helpers/planner.js';
import { environmentPerTest, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';

const byWorkers = (services: Services): Services => ({
  ...services,
  config: { ...services.config, dryRunMeasuredBy: 'workers' },
});

async function dryRun(services: Services, source: string, target: string): Promise<string> {
  const job = await submitJob(services, {
    source_container: source,
    target_container: target,
    target_languages: ['es', 'de'],
    dry_run: true,
  });
  return job.job_id;
}

const estimateOf = (status: JobStatusBody) => ({
  status: status.status,
  counts: [status.total_files, status.succeeded_files, status.failed_files],
  estimate: status.estimate,
});

void describe('a dry run measured by workers (DRY_RUN_MEASURED_BY=workers)', () => {
  const environment = environmentPerTest();

  void test('each item goes through the queue once, is measured by a worker, and the estimate is the planner’s', async () => {
    const env: TestEnvironment = await environment({ PLANNER_PAGE_SIZE: '7' });
    const source = await env.sourceContainer(numberedFiles(30));
    const target = uniqueName('out');

    const byPlanner = await dryRun(env.services, source, target);
    await planStepwise(env.services, byPlanner);
    assert.deepEqual(await drainItemMessages(env.services), [], 'the planner measured its own');

    const workers = byWorkers(env.services);
    const byQueue = await dryRun(workers, source, target);
    await planStepwise(workers, byQueue);
    const messages = await drainItemMessages(workers);
    assert.equal(messages.length, 60, 'one message per file and language');
    assert.equal((await jobStatus(workers, byQueue)).status, 'processing', 'nothing measured while planning');

    // The first message comes twice while the job runs, and all of them again after it ended.
    const [first, ...rest] = messages;
    assert.deepEqual(tally(await processAll(workers, [first, first, ...rest])), {
      'succeeded/recorded': 60,
      'succeeded/duplicate': 1,
    });
    const again = tally(await processAll(workers, messages));
    assert.equal(again['succeeded/recorded'], undefined, `nothing recorded twice: ${JSON.stringify(again)}`);

    const planned = estimateOf(await jobStatus(env.services, byPlanner));
    const queued = estimateOf(await jobStatus(workers, byQueue));
    assert.deepEqual(queued, planned);
    assert.equal(queued.status, 'estimated');
    assert.deepEqual(queued.counts, [60, 60, 0]);
    assert.equal(
      await env.services.storage.blobs.getContainerClient(target).exists(),
      false,
      'nothing written',
    );
  });

  void test('planning waits for the queue as a real job does, and every item is measured once', async () => {
    const env = await environment({
      PLANNER_PAGE_SIZE: '3',
      PLANNER_QUEUE_HIGH_WATER: '5',
      PLANNER_QUEUE_WAIT_SECONDS: '0',
    });
    const workers = byWorkers(env.services);
    const files = numberedFiles(20);
    const source = await env.sourceContainer(files);
    const job = await submitJob(workers, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'es',
      dry_run: true,
    });
    const { outcomes, worked, highest } = await pumpWithSlowWorker(workers, (message) =>
      planJob(workers, message),
    );
    assert.ok(
      outcomes.some((o) => o.kind === 'waiting'),
      'the planner waited at least once',
    );
    assert.ok(highest <= 5 + 3, `the queue held at most 8, saw ${highest}`);
    assert.deepEqual(worked.sort(), Object.keys(files).sort(), 'each item sent exactly once');
    const final = await jobStatus(workers, job.job_id);
    assert.deepEqual(
      [final.status, final.total_files, final.succeeded_files, final.estimate?.total.files],
      ['estimated', 20, 20, 20],
    );
  });
});
