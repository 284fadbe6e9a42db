import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { listJobFiles } from '../../../src/lib/jobs/listJobFiles.js';
import { blobNameProblem } from '../../../src/lib/planner/unplannableItems.js';
import { jobStatus, planFully, submitJob } from '../../helpers/jobs.js';
import { drainItemMessages, processAll } from '../../helpers/planner.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';

void describe('items whose output name cannot be a blob name', () => {
  let env: TestEnvironment;
  before(async () => {
    env = await testEnvironment();
  });
  after(() => env.cleanup());

  void test('blob-name rules: at most 1,024 characters and 254 segments', () => {
    assert.equal(blobNameProblem(`es/${'a'.repeat(1021)}`), undefined);
    assert.match(blobNameProblem(`es/${'a'.repeat(1022)}`) ?? '', /1025 characters; .* at most 1024/);
    assert.match(blobNameProblem(`es/${'a/'.repeat(254)}b`) ?? '', /256 path segments/);
  });

  void test('a source whose output name is too long fails target_name_too_long once, and the job ends', async () => {
    // The longest name a blob may have: its output `es/<name>` is 1,027 characters.
    const longName = `${'d/'.repeat(10)}${'n'.repeat(1_000)}.txt`;
    assert.equal(longName.length, 1_024);
    const source = await env.sourceContainer({ [longName]: 'Too long to copy.\n', 'ok.txt': 'Fine.\n' });
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_languages: ['es', 'fr'],
    });
    await planFully(env.services);
    const messages = await drainItemMessages(env.services);
    assert.deepEqual(
      messages.map((m) => m.source_path),
      ['ok.txt', 'ok.txt'],
      'no message is sent for an item that could never run',
    );
    await processAll(env.services, messages);

    const status = await jobStatus(env.services, job.job_id);
    assert.equal(status.status, 'completed_with_errors');
    assert.deepEqual(
      [status.total_files, status.succeeded_files, status.failed_files, status.processed_files],
      [4, 2, 2, 4],
    );
    const failed = (await listJobFiles(env.services, job.job_id, { status: 'failed' })).files;
    assert.deepEqual(failed.map((f) => [f.target_language, f.error?.code, f.attempts]).sort(), [
      ['es', 'target_name_too_long', 0],
      ['fr', 'target_name_too_long', 0],
    ]);
    assert.match(failed[0]?.error?.message ?? '', /1027 characters/);
  });
});
