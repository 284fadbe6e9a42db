import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { itemRowsFor } from '../../../src/lib/planner/itemsForPage.js';
import { createServices, type Services } from '../../../src/lib/services.js';
import { sumShards } from '../../../src/lib/tracker/entities.js';
import { indexRowOf, ITEM_PREFIX } from '../../../src/lib/tracker/keys.js';
import { testEnvironment, type TestEnvironment } from '../../helpers/testServices.js';

const ITEMS = 40;

describe('retry rounds in the tracker: moves and outcomes are exact under races', () => {
  let env: TestEnvironment;
  before(async () => {
    env = await testEnvironment({ TRACKER_SHARDS: '4' });
  });
  after(async () => env.cleanup());

  /** A finished job of ITEMS items, every one recorded failed: what a retry starts from. */
  async function failedJob(): Promise<{ jobId: string; keys: string[] }> {
    const { tracker } = env.services;
    const jobId = randomUUID();
    // The outputs the succeeded round writes: closing checks that they exist (outputs_missing).
    const outputs = Object.fromEntries(
      Array.from({ length: ITEMS }, (_, i) => [`es/f-${i}.txt`, `salida ${i}`]),
    );
    const target = await env.sourceContainer(outputs);
    const at = new Date();
    await tracker.createJob({
      partitionKey: jobId,
      rowKey: 'job',
      source_container: 'src-retry',
      target_container: target,
      target_languages: ['es'],
      mode: 'queue',
      status: 'queued',
      created_at: at.toISOString(),
      updated_at: at.toISOString(),
      index_row: indexRowOf(at.getTime(), jobId),
      shards: 4,
      total: 0,
      planning_done: false,
      plan_page: 0,
      cancel_requested: false,
    });
    const blobs = Array.from({ length: ITEMS }, (_, i) => ({ name: `f-${i}.txt`, size: 10 }));
    const rows = itemRowsFor(jobId, 0, blobs, ['es']);
    await tracker.writePageItems(jobId, 0, rows);
    await tracker.countPage(jobId, { number: 0, items: rows.length });
    await tracker.advancePlanning(jobId, 0, undefined);
    const keys = rows.map((r) => r.rowKey.slice(ITEM_PREFIX.length));
    await Promise.all(
      keys.map((itemKey) =>
        tracker.record({
          jobId,
          shards: 4,
          itemKey,
          status: 'failed',
          error: { code: 'translator_rejected', message: 'no' },
          charactersCharged: 0,
          attempts: 1,
        }),
      ),
    );
    await tracker.closeJob(jobId);
    return { jobId, keys };
  }

  const counts = async (jobId: string) => {
    const snapshot = await env.services.tracker.readSnapshot(jobId);
    assert.ok(snapshot);
    return { ...sumShards(snapshot.shards), status: snapshot.job.status };
  };

  test('8 processes moving the same rows at once move each item once; stale outcomes never count', async () => {
    const { jobId, keys } = await failedJob();
    assert.deepEqual(await counts(jobId), {
      succeeded: 0,
      failed: ITEMS,
      cancelled: 0,
      characters: 0,
      status: 'failed',
    });
    const reopened = await env.services.tracker.reopenForRetry(jobId, false);
    assert.equal(reopened.kind, 'reopened');
    const again = await env.services.tracker.reopenForRetry(jobId, false);
    assert.equal(again.kind, 'not_terminal', 'a second request re-opens nothing');

    // Independent processes (own tracker, own recorder lanes), racing on the same page of rows.
    const processes: Services[] = Array.from({ length: 8 }, () => createServices(env.config));
    const page = await env.services.tracker.listRetryCandidates(jobId, {
      includeCancelled: false,
      limit: 1000,
    });
    assert.equal(page.items.length, ITEMS);
    const moved = await Promise.all(
      processes.map((p) => p.tracker.moveItemsToRetry(jobId, 1, false, page.items)),
    );
    for (const rows of moved) assert.ok(rows.length <= ITEMS);
    const union = new Set(moved.flat().map((r) => r.rowKey));
    assert.equal(union.size, ITEMS, 'every item is queued in round 1, and some process knows it');
    assert.deepEqual(await counts(jobId), {
      succeeded: 0,
      failed: 0,
      cancelled: 0,
      characters: 0,
      status: 'processing',
    });

    // Round-1 outcomes delivered twice by different processes, plus a stale first-run outcome of each item.
    const outcome = (itemKey: string, retryRound: number | undefined, process: Services) =>
      process.tracker.record({
        jobId,
        shards: 4,
        itemKey,
        status: 'succeeded',
        charactersCharged: 5,
        attempts: 1,
        ...(retryRound ? { retryRound } : {}),
      });
    const results = await Promise.all(
      keys.flatMap((key, i) => [
        outcome(key, 1, processes[i % 8]!),
        outcome(key, 1, processes[(i + 3) % 8]!),
        outcome(key, undefined, processes[(i + 5) % 8]!),
        outcome(key, undefined, processes[i % 8]!),
      ]),
    );
    assert.equal(results.filter((r) => r === 'recorded').length, ITEMS);
    assert.equal(results.filter((r) => r === 'duplicate').length, 3 * ITEMS);
    // The round is still queueing: the job stays open until it says it is done.
    await env.services.tracker.closeJob(jobId);
    assert.equal((await counts(jobId)).status, 'processing');
    await env.services.tracker.advanceRetry(jobId, 1, undefined);
    await env.services.tracker.closeJob(jobId);
    assert.deepEqual(await counts(jobId), {
      succeeded: ITEMS,
      failed: 0,
      cancelled: 0,
      characters: 5 * ITEMS,
      status: 'completed',
    });
    const snapshot = await env.services.tracker.readSnapshot(jobId);
    assert.equal(snapshot?.job.error_code, '', 'the all-failed error is gone with the failures');
  });
});
