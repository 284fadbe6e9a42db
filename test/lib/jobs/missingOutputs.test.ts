import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { jobStatus, planFully, submitJob } from '../../helpers/jobs.js';
import { drainItemMessages, numberedFiles, processAll } from '../../helpers/planner.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';

void describe('closing a job verifies its outputs exist', () => {
  let env: TestEnvironment;
  before(async () => {
    env = await testEnvironment();
  });
  after(() => env.cleanup());

  async function plannedJob(files: number, languages: string[]) {
    const source = await env.sourceContainer(numberedFiles(files, 'docs/'));
    const target = uniqueName('out');
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: target,
      target_languages: languages,
      prefix: 'docs/',
    });
    await planFully(env.services);
    return { jobId: job.job_id, target, messages: await drainItemMessages(env.services) };
  }

  void test('all outputs present: completed, outputs_missing 0', async () => {
    const { jobId, messages } = await plannedJob(3, ['es', 'fr']);
    await processAll(env.services, messages);
    const status = await jobStatus(env.services, jobId);
    assert.equal(status.status, 'completed');
    assert.equal(status.outputs_missing, 0);
  });

  void test('outputs deleted before the close are reported, and the job does not claim completed', async () => {
    const { jobId, target, messages } = await plannedJob(6, ['es']);
    await processAll(env.services, messages.slice(0, 5));
    const container = env.services.storage.blobs.getContainerClient(target);
    await container.getBlobClient('es/docs/file-00.txt').delete();
    await container.getBlobClient('es/docs/file-01.txt').delete();
    // An unrelated blob under the same prefix is not mistaken for an output.
    await container.getBlockBlobClient('es/docs/other.txt').upload('x', 1);
    await processAll(env.services, messages.slice(5));

    const status = await jobStatus(env.services, jobId);
    assert.deepEqual([status.succeeded_files, status.failed_files, status.processed_files], [6, 0, 6]);
    assert.equal(status.outputs_missing, 2);
    assert.equal(status.status, 'completed_with_errors');
  });

  void test('a target container deleted mid-job: every output is missing', async () => {
    const { jobId, target, messages } = await plannedJob(4, ['es']);
    await processAll(env.services, messages.slice(0, 3));
    const container = env.services.storage.blobs.getContainerClient(target);
    await container.delete();
    await container.create(); // someone re-creates it; the last item writes there
    await processAll(env.services, messages.slice(3));
    const status = await jobStatus(env.services, jobId);
    assert.equal(status.succeeded_files, 4);
    assert.equal(status.outputs_missing, 3);
  });
});
