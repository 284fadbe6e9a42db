import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { listJobFiles } from '../../src/lib/jobs/listJobFiles.js';
import { translateItemMessageSchema } from '../../src/lib/messages.js';
import { jobStatus, planFully, submitJob } from '../helpers/jobs.js';
import { drainItemMessages, processAll } from '../helpers/planner.js';
import { drainQueue } from '../helpers/jobs.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../helpers/testServices.js';

/** Everything the API accepts plans into messages the worker accepts: no limit strands a job. */
void describe('one set of limits from request to worker', () => {
  let env: TestEnvironment;
  before(async () => {
    env = await testEnvironment();
  });
  after(() => env.cleanup());

  void test('the longest language tags the request accepts, as target and as source, run to the end', async () => {
    const tag = 'abc-abcdefgh-abcdefgh';
    assert.equal(tag.length, 21);
    const source = await env.sourceContainer({ 'a.txt': 'Hello there.\n' });
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_languages: [tag],
      source_language: 'xyz-abcdefgh-abcdefgh',
    });
    await planFully(env.services);
    const raw = await drainQueue(env.services.translationQueue);
    assert.equal(raw.length, 1);
    assert.ok(translateItemMessageSchema.safeParse(raw[0]).success, 'the planned message passes its schema');
    const settled = await processAll(env.services, raw);
    assert.equal(settled[0]?.kind, 'recorded');
    const status = await jobStatus(env.services, job.job_id);
    assert.equal(status.status, 'completed');
    assert.equal(status.succeeded_files, 1);
  });

  void test('a blob whose Content-Type is longer than any real one is translated, its type ignored', async () => {
    const source = await env.sourceContainer({});
    const container = env.services.storage.blobs.getContainerClient(source);
    const body = 'Hello there.\n';
    const contentType = `text/plain; charset=utf-8; x=${'y'.repeat(300)}`;
    await container
      .getBlockBlobClient('long-type.txt')
      .upload(body, body.length, { blobHTTPHeaders: { blobContentType: contentType } });
    const target = uniqueName('out');
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: target,
      target_language: 'es',
    });
    await planFully(env.services);
    const messages = await drainItemMessages(env.services);
    assert.equal(messages.length, 1);
    assert.equal(messages[0]?.content_type, undefined);
    await processAll(env.services, messages);
    const status = await jobStatus(env.services, job.job_id);
    assert.equal(status.status, 'completed');
    const [file] = (await listJobFiles(env.services, job.job_id, {})).files;
    assert.equal(file?.status, 'succeeded');
    const output = await env.services.storage.blobs
      .getContainerClient(target)
      .getBlobClient('es/long-type.txt')
      .getProperties();
    assert.match(output.contentType ?? '', /^text\/plain/);
  });
});
