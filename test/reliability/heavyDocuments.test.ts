import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { listJobFiles } from '../../src/lib/jobs/listJobFiles.js';
import type { JobStatusBody } from '../../src/lib/jobs/jobStatusBody.js';
import { isTerminal } from '../../src/lib/tracker/entities.js';
import { startLocalRuntime, type LocalRuntime } from '../../src/runtime/localRuntime.js';
import { auditJob, printFigures } from '../helpers/audit.js';
import { probeHealth } from '../helpers/healthProbe.js';
import { deepList, largeMarkdown, nestedBrackets, referenceLinks } from '../helpers/heavyDocuments.js';
import { testEnvironment, uniqueName, waitUntil, type TestEnvironment } from '../helpers/testServices.js';

const LANGUAGES = ['es', 'fr'];
const ORDINARY = 20;
const LARGE_BYTES = 4 * 1024 * 1024;

/**
 * A short lease (renewed every 5 s) that a loop blocked for longer would let lapse, and bounds the
 * pathological files cannot meet. Without parse threads the brackets alone held the loop for 25 s or more.
 */
const SETTINGS = {
  RUNTIME_MESSAGE_LEASE_SECONDS: '10',
  PARSE_TIME_LIMIT_SECONDS: '5',
  PARSE_MEMORY_LIMIT_MB: '256',
  PARSE_THREADS: '2',
};

/** Files that must fail document_too_complex; the large Markdown may succeed or fail, depending on the machine. */
const PATHOLOGICAL = ['brackets.md', 'deep-list.md', 'references.md'];

async function status(api: string, jobId: string): Promise<JobStatusBody> {
  const response = await fetch(`${api}/jobs/${jobId}`);
  assert.equal(response.status, 200);
  return (await response.json()) as JobStatusBody;
}

void describe('heavy documents: pathological Markdown through the local runtime, two languages', () => {
  let env: TestEnvironment;
  let runtime: LocalRuntime | undefined;
  before(async () => {
    env = await testEnvironment(SETTINGS);
  });
  after(async () => {
    await runtime?.stop();
    await env.services.parsing.destroy();
    await env.cleanup();
  });

  void test(
    'health p99 < 500 ms throughout, no duplicate delivery, each item succeeded or document_too_complex',
    { timeout: 900_000 },
    async () => {
      const files: Record<string, string> = {
        'brackets.md': nestedBrackets(),
        'deep-list.md': deepList(),
        'references.md': referenceLinks(),
        'large.md': largeMarkdown(LARGE_BYTES),
      };
      for (let i = 0; i < ORDINARY; i++) files[`notes/note-${i}.md`] = `# Note ${i}\n\nText of note ${i}.\n`;
      const items = Object.keys(files).length * LANGUAGES.length;
      const source = await env.sourceContainer(files);
      const target = uniqueName('out');

      const log: string[] = [];
      runtime = await startLocalRuntime({
        config: env.config,
        services: env.services,
        port: 0,
        log: (line) => log.push(line),
      });
      const api = `${runtime.url}/api`;
      const probe = probeHealth(`${api}/health`, 100);
      // The runtime's own event loop, to tell a blocked loop from a slow storage answer behind /api/health.
      const loopDelay = monitorEventLoopDelay({ resolution: 10 });
      loopDelay.enable();
      const started = performance.now();
      const created = await fetch(`${api}/jobs`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          source_container: source,
          target_container: target,
          target_languages: LANGUAGES,
        }),
      });
      assert.equal(created.status, 202);
      const jobId = ((await created.json()) as JobStatusBody).job_id;
      const final = await waitUntil(
        async () => {
          const s = await status(api, jobId);
          return isTerminal(s.status) ? s : undefined;
        },
        { timeoutMs: 840_000, intervalMs: 500, what: 'the job to end' },
      );
      const seconds = (performance.now() - started) / 1000;
      const health = await probe.stop();
      loopDelay.disable();
      const translate = runtime.listeners.find((l) => l.functionName === 'translateFile');
      const deliveries = (translate?.processed ?? 0) + (translate?.failed ?? 0);

      const listed = await listJobFiles(env.services, jobId, {});
      const outcome = (path: string, language: string) => {
        const file = listed.files.find((f) => f.source_path === path && f.target_language === language);
        return file?.error ? `${file.status} ${file.error.code}` : (file?.status ?? 'missing');
      };
      for (const path of [...PATHOLOGICAL, 'large.md']) {
        printFigures(`heavy documents: ${path}`, {
          bytes: Buffer.byteLength(files[path] ?? ''),
          ...Object.fromEntries(LANGUAGES.map((l) => [l, outcome(path, l)])),
        });
      }
      const audit = await auditJob(env.services, jobId, target);
      printFigures('heavy documents', {
        items,
        deliveries,
        duplicate_deliveries: deliveries - items,
        succeeded: final.succeeded_files,
        failed: final.failed_files,
        health_requests: health.requests,
        health_failed: health.failed,
        health_p50_ms: health.p50Ms,
        health_p99_ms: health.p99Ms,
        health_max_ms: health.maxMs,
        event_loop_delay_p99_ms: Math.round(loopDelay.percentile(99) / 1e6),
        event_loop_delay_max_ms: Math.round(loopDelay.max / 1e6),
        seconds: seconds.toFixed(1),
      });

      // What the runtime said about failed attempts, lease renewals and settling, if anything.
      for (const line of log.filter((l) => /fail|renew|settl/i.test(l))) console.log(`  runtime: ${line}`);

      for (const path of PATHOLOGICAL)
        for (const language of LANGUAGES)
          assert.equal(outcome(path, language), 'failed document_too_complex', `${path} → ${language}`);
      for (const language of LANGUAGES)
        assert.match(outcome('large.md', language), /^(succeeded|failed document_too_complex)$/);
      for (let i = 0; i < ORDINARY; i++)
        for (const language of LANGUAGES) assert.equal(outcome(`notes/note-${i}.md`, language), 'succeeded');
      const failedTooComplex = listed.files.filter((f) => f.error?.code === 'document_too_complex').length;
      assert.equal(final.total_files, items);
      assert.equal(final.processed_files, items);
      assert.equal(final.succeeded_files + final.failed_files, items);
      assert.equal(final.failed_files, failedTooComplex, 'every failure is document_too_complex');
      assert.equal(audit.nonTerminal, 0);
      assert.equal(audit.doneMarkers, items);
      assert.equal(audit.counted, items);
      assert.equal(audit.duplicated, 0);
      assert.deepEqual(audit.missingOutputs, []);
      assert.equal(deliveries, items, 'each item message delivered once: no lease lapsed');
      assert.equal(health.failed, 0, 'every health request answered');
      assert.ok(health.p99Ms < 500, `health p99 ${health.p99Ms} ms`);
    },
  );
});
