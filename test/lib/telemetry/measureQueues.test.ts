import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { monitoredQueues, recordQueueMetrics } from '../../../src/lib/telemetry/measureQueues.js';
import { INSTRUMENTS } from '../../../src/lib/telemetry/instruments.js';
import { appQueueNames } from '../../../src/lib/storage/ensureResources.js';
import { testEnvironment, type TestEnvironment } from '../../helpers/testServices.js';
import { metricPoints } from '../../helpers/metrics.js';
import { closedPort } from '../../helpers/closedPort.js';
import { QueueClient } from '@azure/storage-queue';

void describe('queue measurement (the measureQueues timer)', () => {
  let env: TestEnvironment;
  beforeEach(async () => {
    env = await testEnvironment();
  });
  afterEach(async () => env.cleanup());

  void test('measures every queue the app uses, poison queues included', () => {
    assert.deepEqual(
      monitoredQueues(env.config)
        .map((q) => q.name)
        .sort(),
      [...appQueueNames(env.config)].sort(),
    );
  });

  void test('reports each queue’s depth and the age of its oldest visible message, and records both', async () => {
    const { config, services } = env;
    const sentFrom = Date.now();
    for (const text of ['a', 'b', 'c'])
      await services.storage.queue(config.translationQueue).sendMessage(text);
    await services.storage.queue(config.translationPoisonQueue).sendMessage('poisoned');
    // Invisible (a deferred retry): counted in the depth, but no visible message has an age.
    await services.storage.queue(config.planQueue).sendMessage('later', { visibilityTimeout: 600 });
    const sentUntil = Date.now();

    const measuredAt = new Date(sentUntil + 90_000);
    const measurements = await recordQueueMetrics({
      config,
      storage: services.storage,
      now: () => measuredAt,
    });
    const byQueue = new Map(measurements.map((m) => [m.queue, m]));

    assert.equal(byQueue.get(config.translationQueue)?.depth, 3);
    assert.equal(byQueue.get(config.translationPoisonQueue)?.depth, 1);
    assert.equal(byQueue.get(config.translationPoisonQueue)?.poison, true);
    assert.equal(byQueue.get(config.planQueue)?.depth, 1);
    assert.equal(byQueue.get(config.planQueue)?.oldestMessageAgeSeconds, 0);
    for (const queue of [config.planPoisonQueue, config.webhooks.queue, config.webhooks.poisonQueue]) {
      assert.deepEqual(
        { depth: byQueue.get(queue)?.depth, age: byQueue.get(queue)?.oldestMessageAgeSeconds },
        { depth: 0, age: 0 },
      );
    }
    // The service stamps insertion times to the second: allow one second either side.
    const age = byQueue.get(config.translationQueue)?.oldestMessageAgeSeconds ?? -1;
    const earliest = (measuredAt.getTime() - sentUntil) / 1000 - 1;
    const latest = (measuredAt.getTime() - sentFrom) / 1000 + 1;
    assert.ok(age >= earliest && age <= latest, `age ${age} s, expected ${earliest}..${latest} s`);

    const recorded = (name: string) =>
      metricPoints(name).then((points) => points.find((p) => p.attributes.queue === config.translationQueue));
    assert.deepEqual((await recorded(INSTRUMENTS.queueDepth.name))?.attributes, {
      queue: config.translationQueue,
      queue_role: 'translation',
      poison: 'false',
    });
    assert.equal((await recorded(INSTRUMENTS.queueDepth.name))?.value, 3);
    assert.equal((await recorded(INSTRUMENTS.queueOldestMessageAge.name))?.value, age);
  });

  void test('fails when storage cannot answer, so the timer’s failure is visible', async () => {
    const port = await closedPort();
    const unreachable = {
      queue: (name: string) =>
        new QueueClient(`http://127.0.0.1:${port}/devstoreaccount1/${name}`, undefined, {
          retryOptions: { maxTries: 1 },
        }),
    };
    await assert.rejects(
      recordQueueMetrics({ config: env.config, storage: unreachable, now: () => new Date() }),
      /ECONNREFUSED/,
    );
  });
});
