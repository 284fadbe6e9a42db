import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { listJobFiles } from '../../../src/lib/jobs/listJobFiles.js';
import type { ItemLimits } from '../../../src/lib/worker/itemLimits.js';
import { runJobInProcess } from '../../helpers/jobs.js';
import {
  deepList,
  largeMarkdown,
  longestStall,
  nestedBrackets,
  referenceLinks,
} from '../../helpers/heavyDocuments.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';

/** Parts of 128 KiB: the large Markdown is streamed and cut into cheap parts; the pathological files stay whole. */
const LIMITS: ItemLimits = { singleReadBytes: 64 * 1024, partChars: 128 * 1024, blockBytes: 64 * 1024 };

void describe('worker: documents that take a parser minutes or gigabytes', () => {
  let env: TestEnvironment;
  before(async () => {
    env = await testEnvironment(
      { PARSE_TIME_LIMIT_SECONDS: '8', PARSE_MEMORY_LIMIT_MB: '128', PARSE_THREADS: '2' },
      { itemLimits: LIMITS },
    );
  });
  after(async () => {
    await env.services.parsing.destroy();
    await env.cleanup();
  });

  void test('end document_too_complex within their bounds while the event loop stays free; ordinary files succeed', async () => {
    const source = await env.sourceContainer({
      'brackets.md': nestedBrackets(),
      'deep-list.md': deepList(1000),
      'references.md': referenceLinks(300_000),
      'large.md': largeMarkdown(100_000),
      'plain.md': '# Title\n\nA paragraph.\n',
    });
    const started = performance.now();
    const { result: status, stallMs } = await longestStall(() =>
      runJobInProcess(env.services, {
        source_container: source,
        target_container: uniqueName('out'),
        target_languages: ['es'],
      }),
    );
    const files = await listJobFiles(env.services, status.job_id, {});
    const outcomes = Object.fromEntries(
      files.files.map((f) => [f.source_path, f.error ? `${f.status} ${f.error.code}` : f.status]),
    );
    console.log(
      `heavy documents in process: ${JSON.stringify(outcomes)}; longest event-loop stall ${Math.round(stallMs)} ms; ${Math.round((performance.now() - started) / 1000)} s`,
    );
    assert.deepEqual(outcomes, {
      'brackets.md': 'failed document_too_complex',
      'deep-list.md': 'failed document_too_complex',
      'references.md': 'failed document_too_complex',
      'large.md': 'succeeded',
      'plain.md': 'succeeded',
    });
    const reasons = files.files.flatMap((f) => (f.error ? [f.error.message] : []));
    for (const reason of reasons)
      assert.match(reason, /ran longer than the 8 s limit|more than the 128 MB memory limit/);
    assert.equal(status.succeeded_files, 2);
    assert.equal(status.failed_files, 3);
    // Before the parse threads, the brackets alone held the loop for 25 s or more.
    assert.ok(stallMs < 1000, `the event loop stalled for ${Math.round(stallMs)} ms`);
  });
});
