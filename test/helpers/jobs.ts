import type { QueueClient } from '@azure/storage-queue';
import { createJob } from '../../src/lib/jobs/createJob.js';
import type { JobStatusBody } from '../../src/lib/jobs/jobStatusBody.js';
import { parseJobRequest } from '../../src/lib/jobs/jobRequest.js';
import { planJob } from '../../src/lib/planner/planJob.js';
import type { Services } from '../../src/lib/services.js';
import { decodeMessage } from '../../src/lib/storage/messageCodec.js';
import { toJobStatusBody } from '../../src/lib/jobs/jobStatusBody.js';
import { isTerminal } from '../../src/lib/tracker/entities.js';
import { waitUntil } from './testServices.js';

export async function submitJob(services: Services, body: Record<string, unknown>): Promise<JobStatusBody> {
  const request = parseJobRequest(body, { allowHttpLoopbackCallbacks: true });
  return (await createJob(services, request)).body;
}

/** Receives and deletes every message on a queue, returning the decoded bodies. */
export async function drainQueue(queue: QueueClient): Promise<unknown[]> {
  const bodies: unknown[] = [];
  for (;;) {
    const { receivedMessageItems } = await queue.receiveMessages({
      numberOfMessages: 32,
      visibilityTimeout: 60,
    });
    if (receivedMessageItems.length === 0) return bodies;
    await Promise.all(
      receivedMessageItems.map(async (m) => {
        bodies.push(decodeMessage(m.messageText));
        await queue.deleteMessage(m.messageId, m.popReceipt);
      }),
    );
  }
}

/** Runs the planner in-process until the job's planning is complete (as the plan queue trigger would). */
export async function planFully(services: Services): Promise<void> {
  for (;;) {
    const messages = await drainQueue(services.planQueue);
    if (messages.length === 0) return;
    for (const message of messages) await planJob(services, message);
  }
}

export async function jobStatus(services: Services, jobId: string): Promise<JobStatusBody> {
  const snapshot = await services.tracker.readSnapshot(jobId);
  if (!snapshot) throw new Error(`job ${jobId} not found`);
  return toJobStatusBody(snapshot);
}

export async function waitForTerminal(
  services: Services,
  jobId: string,
  timeoutMs = 60_000,
): Promise<JobStatusBody> {
  return waitUntil(
    async () => {
      const status = await jobStatus(services, jobId);
      return isTerminal(status.status) ? status : undefined;
    },
    { timeoutMs, what: `job ${jobId} to end`, intervalMs: 100 },
  );
}

export async function countBlobs(services: Services, container: string): Promise<string[]> {
  const names: string[] = [];
  for await (const blob of services.storage.blobs.getContainerClient(container).listBlobsFlat())
    names.push(blob.name);
  return names;
}

/**
 * Runs a job to its end in this process: plan, then deliver every translation message once to the worker
 * (as the queue trigger would). Returns the final status.
 */
export async function runJobInProcess(
  services: Services,
  body: Record<string, unknown>,
): Promise<JobStatusBody> {
  const { settleItem } = await import('../../src/lib/worker/settleItem.js');
  const job = await submitJob(services, body);
  await planFully(services);
  for (const message of await drainQueue(services.translationQueue)) {
    await settleItem(services, message, { number: 1 });
  }
  return waitForTerminal(services, job.job_id, 10_000);
}

/** Every blob of `container` as UTF-8 text, by name. */
export async function readContainerTexts(
  services: Services,
  container: string,
): Promise<Record<string, string>> {
  const texts: Record<string, string> = {};
  for (const name of await countBlobs(services, container))
    texts[name] = await readBlobText(services, container, name);
  return texts;
}

export async function readBlobText(services: Services, container: string, path: string): Promise<string> {
  const bytes = await services.storage.blobs
    .getContainerClient(container)
    .getBlobClient(path)
    .downloadToBuffer();
  return bytes.toString('utf8');
}

/** Writes `text` as a blob (UTF-8), replacing any blob of that name. */
export async function writeBlobText(
  services: Services,
  container: string,
  path: string,
  text: string,
): Promise<void> {
  await services.storage.blobs
    .getContainerClient(container)
    .getBlockBlobClient(path)
    .upload(text, Buffer.byteLength(text));
}
