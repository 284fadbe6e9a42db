import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startLocalRuntime } from '../../src/runtime/localRuntime.js';
import { listJobFiles } from '../../src/lib/jobs/listJobFiles.js';
import { encodeMessage } from '../../src/lib/storage/messageCodec.js';
import { testEnvironment, uniqueName, waitUntil } from '../helpers/testServices.js';
import { fastHostSettings, quietLog } from '../helpers/localRuntime.js';
import { planFully, submitJob, waitForTerminal } from '../helpers/jobs.js';
import { auditJob, printFigures } from '../helpers/audit.js';

const MAX_FILE_BYTES = 1024;
const MAX_DEQUEUE_COUNT = 3;

void describe('poison inputs: each ends with a recorded reason and none loops', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  void test(
    'malformed messages, unknown jobs, missing blobs, invalid UTF-8, oversize and binary files',
    { timeout: 120_000 },
    async () => {
      const env = await testEnvironment({ MAX_FILE_BYTES: String(MAX_FILE_BYTES) });
      cleanups.push(() => env.cleanup());
      const big = 'x'.repeat(MAX_FILE_BYTES * 2);
      const source = await env.sourceContainer({
        'ok.txt': 'A normal file.',
        'gone.txt': 'Deleted after planning.',
        'latin1.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]),
        'truncated-utf8.txt': Buffer.from([0x68, 0x69, 0xe2, 0x82]),
        'big.txt': big,
        'grows.txt': 'Small when planned.',
        'image.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      });
      const target = uniqueName('out');
      const job = await submitJob(env.services, {
        source_container: source,
        target_container: target,
        target_language: 'fr',
      });
      // Plan first, then change the source under the planned messages.
      await planFully(env.services);
      const container = env.services.storage.blobs.getContainerClient(source);
      await container.getBlobClient('gone.txt').delete();
      await container.getBlockBlobClient('grows.txt').upload(big, big.length);

      const translation = env.services.storage.queue(env.config.translationQueue);
      const plan = env.services.storage.queue(env.config.planQueue);
      const validItem = {
        kind: 'translate',
        item_key: `000000-${'a'.repeat(40)}`,
        source_container: source,
        source_path: 'ok.txt',
        target_container: target,
        target_path: 'fr/ok.txt',
        target_language: 'fr',
        size: 14,
      };
      const raw: { queue: 'translation' | 'plan'; what: string; text: string; expect: RegExp }[] = [
        { queue: 'translation', what: 'not base64', text: 'this is {not} base64!', expect: /not base64/ },
        {
          queue: 'translation',
          what: 'base64 of non-JSON',
          text: Buffer.from('plain words').toString('base64'),
          expect: /Dropped malformed message/,
        },
        {
          queue: 'translation',
          what: 'truncated JSON',
          text: Buffer.from('{"kind":"translate","job_').toString('base64'),
          expect: /Dropped malformed message/,
        },
        {
          queue: 'translation',
          what: 'wrong types',
          text: encodeMessage({ ...validItem, job_id: 42, size: '14' }),
          expect: /Dropped malformed message/,
        },
        {
          queue: 'translation',
          what: 'extra field',
          text: encodeMessage({ ...validItem, job_id: job.job_id, admin: true }),
          expect: /Dropped malformed message/,
        },
        {
          queue: 'translation',
          what: 'unknown job id',
          text: encodeMessage({ ...validItem, job_id: randomUUID() }),
          expect: /Dropped message for unknown job/,
        },
        {
          queue: 'plan',
          what: 'malformed plan message',
          text: encodeMessage({ kind: 'plan' }),
          expect: /Dropped malformed plan message/,
        },
        {
          queue: 'plan',
          what: 'plan for unknown job',
          text: encodeMessage({ kind: 'plan', job_id: randomUUID() }),
          expect: /Dropped plan message for unknown job/,
        },
      ];
      for (const message of raw)
        await (message.queue === 'plan' ? plan : translation).sendMessage(message.text);

      const log = quietLog();
      const runtime = await startLocalRuntime({
        config: env.config,
        services: env.services,
        hostSettings: fastHostSettings({ maxDequeueCount: MAX_DEQUEUE_COUNT }),
        port: 0,
        log,
      });
      cleanups.push(() => runtime.stop());
      const final = await waitForTerminal(env.services, job.job_id);
      // The queues' counts include invisible messages: zero means nothing is waiting to be retried.
      const queues = [
        translation,
        plan,
        env.services.storage.queue(env.config.translationPoisonQueue),
        env.services.storage.queue(env.config.planPoisonQueue),
      ];
      await waitUntil(
        async () => {
          const counts = await Promise.all(
            queues.map(async (q) => (await q.getProperties()).approximateMessagesCount),
          );
          return counts.every((c) => c === 0) ? true : undefined;
        },
        { timeoutMs: 30_000, what: 'every queue to be empty' },
      );

      const lines = log.lines.join('\n');
      // Each raw message is handled once and then gone: dropped with a log line, or (undecodable) poisoned and
      // then removed by the poison trigger, which cannot decode it either: two lines for that one.
      const expected = new Map<string, number>();
      for (const m of raw)
        expected.set(
          m.expect.source,
          (expected.get(m.expect.source) ?? 0) + (m.what === 'not base64' ? 2 : 1),
        );
      const handled = [...expected].map(([pattern, want]) => ({
        pattern,
        want,
        count: (lines.match(new RegExp(pattern, 'g')) ?? []).length,
      }));
      const failed = await listJobFiles(env.services, job.job_id, { status: 'failed' });
      const reasons = Object.fromEntries(
        failed.files.map((f) => [f.source_path, [f.error?.code, f.attempts]]),
      );
      const audit = await auditJob(env.services, job.job_id, target);
      const attemptsRun = log.lines.filter((l) => /attempt \d+ failed/.test(l)).length;
      printFigures('poison inputs', {
        items: final.total_files,
        raw_message_handling: JSON.stringify(Object.fromEntries(handled.map((h) => [h.pattern, h.count]))),
        faults_injected: `${raw.length} raw messages + 6 bad files (missing, 2x invalid UTF-8, 2x oversize, binary)`,
        file_reasons: JSON.stringify(reasons),
        failed_attempts_retried: attemptsRun,
        moved_to_poison: (lines.match(/moved to/g) ?? []).length,
        status: final.status,
        lost: audit.nonTerminal,
        duplicated: audit.duplicated,
      });

      assert.equal(final.status, 'completed_with_errors');
      assert.equal(final.total_files, 7);
      assert.equal(final.succeeded_files, 1);
      assert.equal(final.failed_files, 6);
      assert.deepEqual(reasons, {
        'gone.txt': ['source_not_found', 1],
        'latin1.txt': ['invalid_encoding', 1],
        'truncated-utf8.txt': ['invalid_encoding', 1],
        'big.txt': ['file_too_large', 1],
        'grows.txt': ['file_too_large', 1],
        'image.png': ['unsupported_format', 1],
      });
      for (const file of failed.files)
        assert.ok((file.error?.message ?? '').length > 10, 'a readable reason');
      assert.equal(attemptsRun, 0, 'no permanent failure was retried');
      assert.equal(audit.counted, 7);
      assert.equal(audit.duplicated, 0);
      assert.deepEqual(audit.outputs, ['fr/ok.txt']);
      for (const { pattern, want, count } of handled)
        assert.equal(count, want, `"${pattern}" logged ${count} times`);
      assert.equal((lines.match(/moved to/g) ?? []).length, 1, 'only the undecodable message was poisoned');
    },
  );
});
