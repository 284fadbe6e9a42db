import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom, shuffled } from '../../helpers/prng.js';
import pLimit from 'p-limit';
import { createServices, type Services } from '../../../src/lib/services.js';
import { settleItem } from '../../../src/lib/worker/settleItem.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';
import { countBlobs, drainQueue, jobStatus, planFully, submitJob } from '../../helpers/jobs.js';

describe('tracker exactness under concurrency and redelivery', () => {
  let env: TestEnvironment;
  before(async () => {
    // Without the cache, so each delivery's charge is the item's full length and the sums can be checked exactly.
    env = await testEnvironment({
      TRACKER_SHARDS: '4',
      PLANNER_PAGE_SIZE: '100',
      TRANSLATION_CACHE: 'false',
    });
  });
  after(async () => env.cleanup());

  test('500 items, 32 independent workers, every item delivered twice: counted exactly once', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 250; i++) files[`set-${i % 7}/doc-${i}.txt`] = `File ${i}\n\nParagraph two of ${i}.`;
    const source = await env.sourceContainer(files);
    const target = uniqueName('out');
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: target,
      target_languages: ['es', 'de'],
    });
    await planFully(env.services);
    const planned = await jobStatus(env.services, job.job_id);
    assert.equal(planned.total_files, 500);
    assert.equal(planned.planning_complete, true);

    const deliveries = await drainQueue(env.services.translationQueue);
    assert.equal(deliveries.length, 500);
    // Every message twice, shuffled, so duplicates land both in the same group commit and across workers.
    const doubled = shuffled([...deliveries, ...deliveries], seededRandom(0x5eed));

    // 32 workers, each with its own services: its own shard lane, ETag cache and completion checker,
    // exactly like 32 separate processes racing on the same partition.
    const workers: Services[] = Array.from({ length: 32 }, () => createServices(env.config));
    const results = { recorded: 0, duplicate: 0, other: 0 };
    let next = 0;
    await Promise.all(
      workers.map(async (worker) => {
        const limit = pLimit(1);
        while (next < doubled.length) {
          const body = doubled[next++];
          const outcome = await limit(() => settleItem(worker, body, { number: 1 }));
          if (outcome.kind === 'recorded' && outcome.result === 'recorded') results.recorded++;
          else if (outcome.kind === 'recorded' && outcome.result === 'duplicate') results.duplicate++;
          else if (outcome.kind === 'job_already_finished') results.duplicate++;
          else results.other++;
        }
      }),
    );

    const final = await jobStatus(env.services, job.job_id);
    console.log(
      `exactness: ${JSON.stringify(results)} final=${final.status} processed=${final.processed_files}/${final.total_files}`,
    );
    assert.equal(results.recorded, 500, 'each item recorded once');
    assert.equal(results.duplicate, 500, 'each second delivery recognised as a duplicate');
    assert.equal(results.other, 0);
    assert.equal(final.status, 'completed');
    assert.equal(final.total_files, 500);
    assert.equal(final.processed_files, 500);
    assert.equal(final.succeeded_files, 500);
    assert.equal(final.failed_files + final.cancelled_files, 0);
    const expectedChars =
      Object.values(files).reduce((n, text) => n + text.replace(/\n\n/g, '').length, 0) * 2;
    assert.equal(final.characters_charged, expectedChars);

    const items = await env.services.tracker.listItems(job.job_id, { limit: 1000 });
    assert.equal(items.items.length, 500);
    assert.ok(items.items.every((item) => item.status === 'succeeded'));
    const outputs = await countBlobs(env.services, target);
    assert.equal(outputs.length, 500);
    assert.ok(outputs.includes('es/set-3/doc-3.txt') && outputs.includes('de/set-3/doc-3.txt'));
  });
});
