import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { INDEX_PARTITION, itemKeyOf } from '../../../src/lib/tracker/keys.js';
import { environmentPerTest, jobsTableOf, uniqueName } from '../../helpers/testServices.js';
import { countBlobs, drainQueue, jobStatus, planFully, submitJob } from '../../helpers/jobs.js';
import {
  drainItemMessages,
  jobRow,
  numberedFiles,
  pairOf,
  planStepwise,
  processAll,
  tally,
} from '../../helpers/planner.js';

void describe('planJob: paging and filters', () => {
  const environment = environmentPerTest();

  void test('plans a large source one page per plan message, enqueueing each (file, language) once', async () => {
    const env = await environment({ PLANNER_PAGE_SIZE: '7' });
    const files = numberedFiles(30);
    const source = await env.sourceContainer(files);
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_languages: ['es', 'de'],
    });
    assert.equal(job.status, 'queued');

    const steps = await planStepwise(env.services, job.job_id);
    assert.ok(steps.length >= 5, `planning ran across ${steps.length} plan messages`);
    assert.deepEqual(
      steps.map((s) => s.outcome),
      [0, 1, 2, 3, 4].map((page) => ({
        kind: 'planned_page',
        jobId: job.job_id,
        page,
        items: page < 4 ? 14 : 4,
        more: page < 4,
      })),
    );
    assert.deepEqual(
      steps.map((s) => s.status.total_files),
      [14, 28, 42, 56, 60],
    );
    assert.deepEqual(
      steps.map((s) => s.status.planning_complete),
      [false, false, false, false, true],
      'planning is complete only after the last page',
    );
    assert.ok(steps.every((s) => s.status.status === 'processing'));
    const row = await jobRow(env.services, job.job_id);
    const index = await jobsTableOf(env.services).getEntity<{ status: string }>(
      INDEX_PARTITION,
      row.index_row,
    );
    assert.equal(index.status, 'processing', 'the index row follows the first page');

    const messages = await drainItemMessages(env.services);
    assert.equal(messages.length, 60);
    const expected = Object.keys(files).flatMap((path) => ['es', 'de'].map((l) => `${l}:${path}`));
    assert.deepEqual(messages.map(pairOf).sort(), expected.sort(), 'each (file, language) exactly once');
    for (const m of messages) {
      assert.equal(m.job_id, job.job_id);
      assert.equal(m.source_container, source);
      assert.equal(m.target_path, `${m.target_language}/${m.source_path}`);
      assert.equal(m.item_key, itemKeyOf(Number(m.item_key.slice(0, 6)), m.source_path, m.target_language));
      assert.equal(m.size, Buffer.byteLength(files[m.source_path] ?? '', 'utf8'));
    }
    assert.deepEqual(await drainQueue(env.services.planQueue), [], 'no plan message left over');

    const outcomes = await processAll(env.services, messages);
    assert.deepEqual(tally(outcomes), { 'succeeded/recorded': 60 });
    const final = await jobStatus(env.services, job.job_id);
    assert.equal(final.status, 'completed');
    assert.equal(final.processed_files, 60);
    assert.equal(final.total_files, 60);
  });

  void test('extensions and prefix filters plan only matching files; folder markers are skipped', async () => {
    const env = await environment({ PLANNER_PAGE_SIZE: '2' });
    const source = await env.sourceContainer({
      'docs/a.md': '# A',
      'docs/B.MD': '# B',
      'docs/sub/c.md': '# C',
      'docs/readme.txt': 'not markdown',
      'docs/notes': 'no extension',
      'docs/x.md/': '',
      'docs/folder/': '',
      'docs.md': 'outside the prefix',
      'other/d.md': 'outside the prefix',
      'z.md': 'outside the prefix',
    });
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'fr',
      prefix: 'docs/',
      extensions: ['.md'],
    });
    const steps = await planStepwise(env.services, job.job_id);
    assert.ok(steps.length > 1, 'the filters were applied over several listing pages');
    const messages = await drainItemMessages(env.services);
    assert.deepEqual(messages.map((m) => m.source_path).sort(), ['docs/B.MD', 'docs/a.md', 'docs/sub/c.md']);
    const status = await jobStatus(env.services, job.job_id);
    assert.equal(status.total_files, 3);
    assert.equal(status.planning_complete, true);
    const items = await env.services.tracker.listItems(job.job_id, { limit: 100 });
    assert.equal(items.items.length, 3, 'no item rows for filtered-out blobs');
  });

  void test('without filters, folder markers are still not planned as files', async () => {
    const env = await environment();
    const source = await env.sourceContainer({
      'a.txt': 'A',
      'dir/': '',
      'dir/b.txt': 'B',
      'dir/deeper/': '',
    });
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_languages: ['es', 'it'],
    });
    assert.deepEqual(
      (await countBlobs(env.services, source)).sort(),
      ['a.txt', 'dir/', 'dir/b.txt', 'dir/deeper/'],
      'the markers really exist in the source',
    );
    await planFully(env.services);
    const messages = await drainItemMessages(env.services);
    assert.deepEqual(
      messages.map(pairOf).sort(),
      ['es:a.txt', 'es:dir/b.txt', 'it:a.txt', 'it:dir/b.txt'].sort(),
    );
    assert.equal((await jobStatus(env.services, job.job_id)).total_files, 4);
  });

  void test('the source container may be the target when a prefix keeps outputs out of the input', async () => {
    const env = await environment();
    const source = await env.sourceContainer({
      'docs/a.txt': 'Alpha',
      'docs/sub/b.txt': 'Beta',
      'readme.txt': 'Not planned',
    });
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: source,
      target_languages: ['es', 'fr'],
      prefix: 'docs/',
    });
    await planFully(env.services);
    const messages = await drainItemMessages(env.services);
    assert.deepEqual(messages.map((m) => m.target_path).sort(), [
      'es/docs/a.txt',
      'es/docs/sub/b.txt',
      'fr/docs/a.txt',
      'fr/docs/sub/b.txt',
    ]);
    assert.ok(messages.every((m) => m.target_container === source && m.source_container === source));
    assert.deepEqual(tally(await processAll(env.services, messages)), { 'succeeded/recorded': 4 });
    const final = await jobStatus(env.services, job.job_id);
    assert.equal(final.status, 'completed');
    assert.equal(final.total_files, 4);
    assert.deepEqual((await countBlobs(env.services, source)).sort(), [
      'docs/a.txt',
      'docs/sub/b.txt',
      'es/docs/a.txt',
      'es/docs/sub/b.txt',
      'fr/docs/a.txt',
      'fr/docs/sub/b.txt',
      'readme.txt',
    ]);
    const output = await env.services.storage.blobs
      .getContainerClient(source)
      .getBlobClient('fr/docs/sub/b.txt')
      .downloadToBuffer();
    assert.equal(output.toString('utf8'), '[fr: Ɓéţá]');
  });

  void test('no matching files: the job fails with no_source_files', async () => {
    const env = await environment();
    const source = await env.sourceContainer({ 'a.txt': 'A', 'docs/b.txt': 'B' });
    const byPrefix = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'es',
      prefix: 'nothing/',
    });
    const byExtension = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'es',
      extensions: ['.md'],
    });
    await planFully(env.services);
    for (const job of [byPrefix, byExtension]) {
      const status = await jobStatus(env.services, job.job_id);
      assert.equal(status.status, 'failed');
      assert.equal(status.error?.code, 'no_source_files');
      assert.equal(status.total_files, 0);
      assert.equal(status.planning_complete, true);
      assert.ok(status.completed_at);
    }
    assert.match(
      (await jobStatus(env.services, byExtension.job_id)).error?.message ?? '',
      /\.md/,
      'the message names the extensions',
    );
    assert.deepEqual(await drainQueue(env.services.translationQueue), []);
  });
});
