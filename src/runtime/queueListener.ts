import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { InvocationContext } from '../functions/sdk.js';
import type { DequeuedMessageItem, QueueClient } from '@azure/storage-queue';
import { describeError } from '../lib/errors.js';
import { decodeMessage } from '../lib/storage/messageCodec.js';
import type { QueueHandler } from '../functions/queue/handlers.js';
import type { QueueHostSettings } from './hostSettings.js';

export interface QueueListenerOptions {
  functionName: string;
  queue: QueueClient;
  /** Where exhausted messages go; absent for queues that are themselves poison queues. */
  poisonQueue?: QueueClient;
  handler: QueueHandler;
  settings: QueueHostSettings;
  /** How long a received message stays invisible; renewed at half-life while the handler runs. */
  leaseSeconds: number;
  log: (line: string) => void;
}

const MIN_POLL_MS = 100;

/**
 * A queue trigger with the Functions host's semantics: fetch `batchSize` messages and fetch again once
 * in-flight work drops to `newBatchThreshold`; on failure make the message visible after `visibilityTimeout`;
 * at `maxDequeueCount` copy it to the poison queue; back off exponentially while idle; on stop, finish
 * in-flight messages before returning.
 */
export class QueueListener {
  private readonly inFlight = new Set<Promise<void>>();
  private stopping = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  processed = 0;
  failed = 0;

  constructor(private readonly options: QueueListenerOptions) {}

  get functionName(): string {
    return this.options.functionName;
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
  }

  private async run(): Promise<void> {
    const { settings } = this.options;
    let idleMs = MIN_POLL_MS;
    while (!this.stopping) {
      if (this.inFlight.size > settings.newBatchThreshold) {
        await this.waitForCapacity();
        continue;
      }
      let messages: DequeuedMessageItem[] = [];
      try {
        const response = await this.options.queue.receiveMessages({
          numberOfMessages: settings.batchSize,
          visibilityTimeout: this.options.leaseSeconds,
        });
        messages = response.receivedMessageItems;
      } catch (error) {
        this.options.log(`[${this.options.functionName}] receive failed: ${describeError(error)}`);
      }
      if (messages.length === 0) {
        await this.sleep(idleMs);
        idleMs = Math.min(idleMs * 2, settings.maxPollingIntervalMs);
        continue;
      }
      idleMs = MIN_POLL_MS;
      for (const message of messages) {
        const work = this.process(message).finally(() => {
          this.inFlight.delete(work);
          this.wake?.();
        });
        this.inFlight.add(work);
      }
    }
  }

  private async waitForCapacity(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.wake = resolve;
    });
  }

  private async sleep(ms: number): Promise<void> {
    const controller = new AbortController();
    this.wake = () => controller.abort();
    await delay(ms, undefined, { signal: controller.signal }).catch(() => undefined);
  }

  /** Never rejects: a storage failure while settling leaves the message to reappear when its lease lapses. */
  private async process(message: DequeuedMessageItem): Promise<void> {
    try {
      await this.processOnce(message);
    } catch (error) {
      this.options.log(
        `[${this.options.functionName}] message ${message.messageId}: ${describeError(error)}`,
      );
    }
  }

  private async processOnce(message: DequeuedMessageItem): Promise<void> {
    const { settings, functionName, poisonQueue } = this.options;
    let popReceipt = message.popReceipt;
    // A message seen more often than allowed (e.g. the process died mid-run) goes to poison unrun.
    if (poisonQueue && message.dequeueCount > settings.maxDequeueCount) {
      await this.moveToPoison(message, popReceipt);
      return;
    }
    let body: unknown;
    try {
      body = decodeMessage(message.messageText, settings.messageEncoding);
    } catch (error) {
      // As the host does: a message it cannot decode will never succeed, so it goes to poison at once.
      this.options.log(`[${functionName}] ${describeError(error)}`);
      if (poisonQueue) await this.moveToPoison(message, popReceipt);
      else await this.options.queue.deleteMessage(message.messageId, popReceipt);
      return;
    }
    const renewEveryMs = (this.options.leaseSeconds * 1000) / 2;
    // A renewal changes the pop receipt: settling must wait for one in flight, or it would use the old receipt,
    // fail, and leave the message to come back once the new lease lapses (a duplicate delivery).
    let renewing: Promise<void> | undefined;
    const renewal = setInterval(() => {
      renewing ??= this.options.queue
        .updateMessage(message.messageId, popReceipt, undefined, this.options.leaseSeconds)
        .then((r) => {
          if (r.popReceipt) popReceipt = r.popReceipt;
        })
        .catch((error: unknown) =>
          this.options.log(`[${functionName}] lease renewal failed: ${describeError(error)}`),
        )
        .finally(() => {
          renewing = undefined;
        });
    }, renewEveryMs);
    let succeeded = false;
    try {
      const context = new InvocationContext({
        invocationId: randomUUID(),
        functionName,
        triggerMetadata: {
          id: message.messageId,
          dequeueCount: message.dequeueCount,
          insertionTime: message.insertedOn.toISOString(),
          expirationTime: message.expiresOn.toISOString(),
          nextVisibleTime: message.nextVisibleOn.toISOString(),
          popReceipt: message.popReceipt,
        },
        logHandler: (level, ...args) => {
          if (level !== 'trace' && level !== 'debug')
            this.options.log(`[${functionName}] ${args.map(String).join(' ')}`);
        },
      });
      await this.options.handler(body, context);
      succeeded = true;
    } catch (error) {
      this.failed++;
      this.options.log(`[${functionName}] attempt ${message.dequeueCount} failed: ${describeError(error)}`);
    } finally {
      clearInterval(renewal);
      await renewing;
    }
    try {
      if (succeeded) {
        this.processed++;
        await this.options.queue.deleteMessage(message.messageId, popReceipt);
      } else if (poisonQueue && message.dequeueCount >= settings.maxDequeueCount) {
        await this.moveToPoison(message, popReceipt);
      } else {
        await this.options.queue.updateMessage(
          message.messageId,
          popReceipt,
          undefined,
          Math.ceil(settings.visibilityTimeoutMs / 1000),
        );
      }
    } catch (error) {
      // The lease will lapse and the message reappear: at-least-once, never lost.
      this.options.log(`[${functionName}] settling message failed: ${describeError(error)}`);
    }
  }

  private async moveToPoison(message: DequeuedMessageItem, popReceipt: string): Promise<void> {
    const poison = this.options.poisonQueue;
    if (!poison) return;
    await poison.createIfNotExists();
    await poison.sendMessage(message.messageText);
    await this.options.queue.deleteMessage(message.messageId, popReceipt);
    this.options.log(`[${this.options.functionName}] message ${message.messageId} moved to ${poison.name}`);
  }
}
