/** A dry run in durable mode: the orchestration honours dry_run exactly as queue mode does. */
import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { activityHandlers } from '../../../src/functions/durable/handlers.js';
import { durableInputFor, type JobOrchestrations } from '../../../src/lib/durable/jobOrchestrations.js';
import { createJob } from '../../../src/lib/jobs/createJob.js';
import { parseJobRequest } from '../../../src/lib/jobs/jobRequest.js';
import { listJobFiles } from '../../../src/lib/jobs/listJobFiles.js';
import { jobStatus, runJobInProcess } from '../../helpers/jobs.js';
import { runOrchestration } from '../../helpers/durableDriver.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';

const FILES = {
  'guide.md': '# Guide\n\nHello world, this is a guide.\n',
  'notes.txt': 'First note.\n\nSecond note.\n',
  'logo.png': 'not text',
};

void describe('durable mode: dry_run', () => {
  let env: TestEnvironment;
  beforeEach(async () => {
    env = await testEnvironment({ PLANNER_PAGE_SIZE: '2' });
  });
  afterEach(() => env.cleanup());

  void test('ends estimated with the same estimate and files as queue mode, writing nothing', async () => {
    const source = await env.sourceContainer(FILES);
    const body = { source_container: source, target_languages: ['es', 'fr'], dry_run: true };
    const queue = await runJobInProcess(env.services, { ...body, target_container: uniqueName('outq') });

    let input: unknown;
    const orchestrations: JobOrchestrations = {
      start: async (_jobId, started) => void (input = started),
      signalCancel: async () => undefined,
    };
    const durableTarget = uniqueName('outd');
    const request = parseJobRequest(
      { ...body, target_container: durableTarget, mode: 'durable' },
      { allowHttpLoopbackCallbacks: false },
    );
    const created = (await createJob(env.services, request, undefined, orchestrations)).body;
    assert.deepEqual(input, durableInputFor(created.job_id, env.config));
    await runOrchestration(
      created.job_id,
      input,
      activityHandlers(() => env.services),
    );
    const durable = await jobStatus(env.services, created.job_id);

    assert.equal(queue.status, 'estimated');
    assert.equal(durable.status, 'estimated');
    assert.deepEqual(durable.estimate, queue.estimate);
    assert.equal(durable.failed_files, 2, 'logo.png in both languages');
    assert.ok((durable.estimate?.total.characters ?? 0) > 0);
    const estimates = async (jobId: string) =>
      (await listJobFiles(env.services, jobId, { limit: '100' })).files
        .map((f) => [f.source_path, f.target_language, f.status, f.estimate?.characters ?? null])
        .sort((a, b) => String(a).localeCompare(String(b)));
    assert.deepEqual(await estimates(durable.job_id), await estimates(queue.job_id));
    assert.equal(await env.services.storage.blobs.getContainerClient(durableTarget).exists(), false);
  });
});
