/** Durable mode uses the same segment memory as queue mode: a re-run there sends only what changed. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { activityHandlers } from '../../../src/functions/durable/handlers.js';
import type { JobOrchestrations } from '../../../src/lib/durable/jobOrchestrations.js';
import { createJob } from '../../../src/lib/jobs/createJob.js';
import { parseJobRequest } from '../../../src/lib/jobs/jobRequest.js';
import { listJobFiles } from '../../../src/lib/jobs/listJobFiles.js';
import { runOrchestration } from '../../helpers/durableDriver.js';
import { jobStatus, runJobInProcess } from '../../helpers/jobs.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';

const po = (last: string) =>
  [
    'msgid "First entry"',
    'msgstr ""',
    '',
    'msgid "Second entry"',
    'msgstr ""',
    '',
    `msgid "${last}"`,
    'msgstr ""',
    '',
  ].join('\n');

void describe('durable mode: segment memory', () => {
  let env: TestEnvironment;
  beforeEach(async () => {
    env = await testEnvironment();
  });
  afterEach(() => env.cleanup());

  void test('a durable re-run after a queue run reuses the unchanged entries', async () => {
    const source = await env.sourceContainer({ 'app.po': po('Third entry') });
    const target = uniqueName('out');
    const first = await runJobInProcess(env.services, {
      source_container: source,
      target_container: target,
      target_language: 'fr',
    });
    assert.equal(first.succeeded_files, 1);
    const changed = 'Third entry, changed';
    await env.services.storage.blobs
      .getContainerClient(source)
      .getBlockBlobClient('app.po')
      .upload(po(changed), Buffer.byteLength(po(changed)));

    let input: unknown;
    const orchestrations: JobOrchestrations = {
      start: async (_jobId, started) => void (input = started),
      signalCancel: async () => undefined,
    };
    const request = parseJobRequest(
      { source_container: source, target_container: target, target_language: 'fr', mode: 'durable' },
      { allowHttpLoopbackCallbacks: false },
    );
    const created = (await createJob(env.services, request, undefined, orchestrations)).body;
    await runOrchestration(
      created.job_id,
      input,
      activityHandlers(() => env.services),
    );
    const durable = await jobStatus(env.services, created.job_id);
    assert.equal(durable.status, 'completed');
    assert.equal(durable.characters_charged, changed.length);
    assert.equal(durable.characters_saved, 'First entry'.length + 'Second entry'.length);
    const [file] = (await listJobFiles(env.services, created.job_id, {})).files;
    assert.deepEqual([file?.segments, file?.segments_reused, file?.edits_kept], [3, 2, 0]);
  });
});
