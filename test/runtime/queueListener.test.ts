import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { QueueClient } from '@azure/storage-queue';
import type { InvocationContext } from '@azure/functions';
import { QueueListener } from '../../src/runtime/queueListener.js';
import { encodeMessage } from '../../src/lib/storage/messageCodec.js';
import { testEnvironment, uniqueName, waitUntil, type TestEnvironment } from '../helpers/testServices.js';
import { fastHostSettings, quietLog } from '../helpers/localRuntime.js';

describe('QueueListener (host queue-trigger semantics)', () => {
  let env: TestEnvironment;
  before(async () => {
    env = await testEnvironment();
  });
  after(async () => env.cleanup());

  async function queues(): Promise<{ queue: QueueClient; poison: QueueClient }> {
    const name = uniqueName('q');
    const queue = env.services.storage.queue(name);
    const poison = env.services.storage.queue(`${name}-poison`);
    await queue.create();
    return { queue, poison };
  }

  async function visibleCount(queue: QueueClient): Promise<number> {
    const exists = await queue.exists();
    if (!exists) return 0;
    return (await queue.getProperties()).approximateMessagesCount ?? 0;
  }

  test('decodes base64 JSON and passes trigger metadata, then deletes the message', async () => {
    const { queue, poison } = await queues();
    const seen: { body: unknown; dequeueCount: unknown }[] = [];
    const listener = new QueueListener({
      functionName: 'probe',
      queue,
      poisonQueue: poison,
      handler: async (body: unknown, context: InvocationContext) => {
        seen.push({ body, dequeueCount: context.triggerMetadata?.dequeueCount });
      },
      settings: fastHostSettings(),
      leaseSeconds: 30,
      log: quietLog(),
    });
    await queue.sendMessage(encodeMessage({ hello: 'wörld' }));
    listener.start();
    await waitUntil(async () => (seen.length === 1 ? true : undefined), { what: 'one invocation' });
    await listener.stop();
    assert.deepEqual(seen, [{ body: { hello: 'wörld' }, dequeueCount: 1 }]);
    assert.equal(await visibleCount(queue), 0);
  });

  test('retries a failing message maxDequeueCount times, then moves its exact text to <queue>-poison', async () => {
    const { queue, poison } = await queues();
    const attempts: number[] = [];
    const listener = new QueueListener({
      functionName: 'failing',
      queue,
      poisonQueue: poison,
      handler: async (_body: unknown, context: InvocationContext) => {
        attempts.push(Number(context.triggerMetadata?.dequeueCount));
        throw new Error('always fails');
      },
      settings: fastHostSettings({ maxDequeueCount: 3 }),
      leaseSeconds: 30,
      log: quietLog(),
    });
    const text = encodeMessage({ n: 1 });
    await queue.sendMessage(text);
    listener.start();
    const poisoned = await waitUntil(
      async () => {
        if (!(await poison.exists())) return undefined;
        const peeked = await poison.peekMessages();
        return peeked.peekedMessageItems[0];
      },
      { what: 'poison message' },
    );
    await listener.stop();
    assert.deepEqual(attempts, [1, 2, 3]);
    assert.equal(poisoned.messageText, text);
    assert.equal(await visibleCount(queue), 0);
  });

  test('a message that is not base64 goes straight to poison without running', async () => {
    const { queue, poison } = await queues();
    let runs = 0;
    const listener = new QueueListener({
      functionName: 'decode',
      queue,
      poisonQueue: poison,
      handler: async () => {
        runs++;
      },
      settings: fastHostSettings(),
      leaseSeconds: 30,
      log: quietLog(),
    });
    await queue.sendMessage('{"plain": "json, not base64"}');
    listener.start();
    await waitUntil(async () => ((await visibleCount(poison)) === 1 ? true : undefined), { what: 'poison' });
    await listener.stop();
    assert.equal(runs, 0);
  });

  test('runs at most batchSize + newBatchThreshold messages at once, and at least batchSize', async () => {
    const { queue, poison } = await queues();
    let running = 0;
    let peak = 0;
    let done = 0;
    const listener = new QueueListener({
      functionName: 'concurrency',
      queue,
      poisonQueue: poison,
      handler: async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 100));
        running--;
        done++;
      },
      settings: fastHostSettings({ batchSize: 4, newBatchThreshold: 2 }),
      leaseSeconds: 30,
      log: quietLog(),
    });
    await Promise.all(Array.from({ length: 30 }, (_, i) => queue.sendMessage(encodeMessage({ i }))));
    listener.start();
    await waitUntil(async () => (done === 30 ? true : undefined), { what: '30 messages' });
    await listener.stop();
    assert.ok(peak <= 6, `peak ${peak} exceeds batchSize + newBatchThreshold`);
    assert.ok(peak >= 4, `peak ${peak} never reached batchSize`);
  });

  test('stop() lets in-flight messages finish and settles them', async () => {
    const { queue, poison } = await queues();
    let started = 0;
    let finished = 0;
    const listener = new QueueListener({
      functionName: 'graceful',
      queue,
      poisonQueue: poison,
      handler: async () => {
        started++;
        await new Promise((resolve) => setTimeout(resolve, 400));
        finished++;
      },
      settings: fastHostSettings({ batchSize: 8 }),
      leaseSeconds: 30,
      log: quietLog(),
    });
    await Promise.all(Array.from({ length: 5 }, (_, i) => queue.sendMessage(encodeMessage({ i }))));
    listener.start();
    await waitUntil(async () => (started === 5 ? true : undefined), { what: 'all started' });
    await listener.stop();
    assert.equal(finished, 5);
    const left = await queue.receiveMessages({ numberOfMessages: 32, visibilityTimeout: 1 });
    assert.equal(
      left.receivedMessageItems.length,
      0,
      'finished messages must be deleted, not left to reappear',
    );
  });

  test('a message settled while its lease renewal is in flight is deleted with the renewed receipt', async () => {
    const { queue, poison } = await queues();
    let renewalsApplied = 0;
    // The service has applied the renewal (the receipt changed) but its answer is still on its way.
    const slowRenewals = Object.create(queue) as QueueClient;
    slowRenewals.updateMessage = async (...args: Parameters<QueueClient['updateMessage']>) => {
      const response = await queue.updateMessage(...args);
      renewalsApplied++;
      await new Promise((resolve) => setTimeout(resolve, 600));
      return response;
    };
    let invocations = 0;
    const listener = new QueueListener({
      functionName: 'renewed',
      queue: slowRenewals,
      poisonQueue: poison,
      handler: async () => {
        invocations++;
        await waitUntil(async () => (renewalsApplied > 0 ? true : undefined), { what: 'a renewal' });
      },
      settings: fastHostSettings(),
      leaseSeconds: 2,
      log: quietLog(),
    });
    await queue.sendMessage(encodeMessage({ renew: true }));
    listener.start();
    await waitUntil(async () => (listener.processed === 1 ? true : undefined), { what: 'one success' });
    // Settled with a stale receipt, the message would come back when the 2 s lease lapses.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await listener.stop();
    assert.equal(invocations, 1, 'delivered once');
    assert.equal(await visibleCount(queue), 0);
  });
});
