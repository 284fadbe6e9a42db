import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { freePort, startAzurite, type AzuriteHandle } from '../../scripts/azurite.js';
import { loadConfig } from '../../src/lib/config.js';
import { createServices } from '../../src/lib/services.js';
import { ensureResources } from '../../src/lib/storage/ensureResources.js';
import { startLocalRuntime, type LocalRuntime } from '../../src/runtime/localRuntime.js';
import { quietLog } from '../helpers/localRuntime.js';
import { uniqueName } from '../helpers/testServices.js';
import { jobStatus, submitJob, waitForTerminal } from '../helpers/jobs.js';
import { waitUntil } from '../helpers/testServices.js';
import { auditJob, printFigures } from '../helpers/audit.js';

const FILES = 200;
const LANGUAGES = ['de', 'ja'];
const ITEMS = FILES * LANGUAGES.length;
const OUTAGE_MS = 10_000;

void describe('storage outage: Azurite stopped for 10 s mid-job, then restarted', () => {
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  void test('the job completes with exact counts once storage is back', { timeout: 240_000 }, async () => {
    // This test's own emulator, persisted on disk, on fixed ports so the restart is the same endpoint.
    const location = await mkdtemp(join(tmpdir(), 'azurite-outage-'));
    cleanups.push(() => rm(location, { recursive: true, force: true }));
    const ports = { blob: await freePort(), queue: await freePort(), table: await freePort() };
    let azurite: AzuriteHandle = await startAzurite({ ports, location });
    cleanups.push(() => azurite.stop());

    const id = uniqueName('o');
    // The environment's AzureWebJobsStorage (the suite's shared emulator) must not win over this one.
    const config = loadConfig(
      {
        AzureWebJobsStorage: azurite.connectionString,
        TRANSLATION_QUEUE: `${id}-jobs`,
        PLAN_QUEUE: `${id}-plan`,
        JOBS_TABLE: `${id}jobs`,
        PSEUDO_LATENCY_MS: '20',
        RUNTIME_MESSAGE_LEASE_SECONDS: '10',
      },
      {},
    );
    const services = createServices(config);
    await ensureResources(config, services.storage);
    const source = uniqueName('src');
    const container = services.storage.blobs.getContainerClient(source);
    await container.create();
    for (let i = 0; i < FILES; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, FILES - i) }, (_, k) => {
          const body = `Line ${i + k}\n\nAnother paragraph ${i + k}.`;
          return container.getBlockBlobClient(`f/${i + k}.txt`).upload(body, Buffer.byteLength(body));
        }),
      );
    }
    const target = uniqueName('out');

    // host.json's queue semantics (visibilityTimeout 5 s, maxDequeueCount 5, polling back-off to 2 s).
    const log = quietLog();
    const runtime: LocalRuntime = await startLocalRuntime({ config, services, port: 0, log });
    cleanups.push(() => runtime.stop());
    const started = Date.now();
    const job = await submitJob(services, {
      source_container: source,
      target_container: target,
      target_languages: LANGUAGES,
    });
    const before = await waitUntil(
      async () => {
        const s = await jobStatus(services, job.job_id);
        return s.processed_files >= 100 ? s : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 20, what: '100 items processed' },
    );

    await azurite.stop();
    const down = Date.now();
    // What a client sees meanwhile: a 503 with Retry-After, or a 200 if the SDK's retries outlast the outage.
    const duringOutage = fetch(`${runtime.url}/api/jobs/${job.job_id}`).then((r) => r.status);
    await delay(OUTAGE_MS);
    azurite = await startAzurite({ ports, location });
    const outageSeconds = (Date.now() - down) / 1000;
    const statusDuringOutage = await duringOutage;

    const final = await waitForTerminal(services, job.job_id, 180_000);
    const queue = services.storage.queue(config.translationQueue);
    await waitUntil(
      async () => ((await queue.getProperties()).approximateMessagesCount === 0 ? true : undefined),
      { timeoutMs: 60_000, intervalMs: 250, what: 'the translation queue to empty' },
    );
    const audit = await auditJob(services, job.job_id, target);
    const lines = log.lines.join('\n');
    printFigures('storage outage', {
      items: ITEMS,
      faults_injected: `Azurite down ${outageSeconds.toFixed(1)} s after ${before.processed_files} items`,
      receive_failures_logged: (lines.match(/receive failed/g) ?? []).length,
      failed_attempts: runtime.listeners.reduce((sum, l) => sum + l.failed, 0),
      unsettled_messages_redelivered: (lines.match(/settling message failed/g) ?? []).length,
      duplicate_deliveries_absorbed: (lines.match(/duplicate delivery ignored/g) ?? []).length,
      get_status_during_outage: statusDuringOutage,
      status: final.status,
      succeeded: final.succeeded_files,
      failed: final.failed_files,
      lost: audit.nonTerminal + audit.missingOutputs.length,
      duplicated: audit.duplicated,
      seconds: ((Date.now() - started) / 1000).toFixed(1),
    });

    assert.ok(statusDuringOutage === 503 || statusDuringOutage === 200, `got ${statusDuringOutage}`);
    assert.equal(final.status, 'completed');
    assert.equal(final.total_files, ITEMS);
    assert.equal(final.succeeded_files, ITEMS);
    assert.equal(audit.nonTerminal, 0);
    assert.equal(audit.doneMarkers, ITEMS);
    assert.equal(audit.counted, ITEMS);
    assert.equal(audit.duplicated, 0);
    assert.deepEqual(audit.missingOutputs, []);
    assert.deepEqual(audit.unexpectedOutputs, []);
  });
});
