import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PseudoTranslator } from '../../../src/lib/translation/pseudoTranslator.js';
import type { LocalRuntime } from '../../../src/runtime/localRuntime.js';
import { submitJob, waitForTerminal } from '../../helpers/jobs.js';
import { startTestRuntime } from '../../helpers/localRuntime.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';

void describe('GET /api/jobs/{id}/tmx', () => {
  let env: TestEnvironment;
  let runtime: LocalRuntime;
  let jobId: string;
  before(async () => {
    env = await testEnvironment(
      { MEMORY_CONTAINER: uniqueName('mem') },
      { translator: new PseudoTranslator(0) },
    );
    runtime = await startTestRuntime(env);
    const source = await env.sourceContainer({ 'a.txt': 'Hello\n' });
    jobId = (
      await submitJob(env.services, {
        source_container: source,
        target_container: uniqueName('out'),
        target_languages: ['es'],
      })
    ).job_id;
    // The runtime plans and translates it, as it would any job.
    assert.equal((await waitForTerminal(env.services, jobId, 60_000)).status, 'completed');
  });
  after(async () => {
    await runtime.stop();
    await env.cleanup();
  });

  void test('answers a TMX attachment named after the job and language', async () => {
    const response = await fetch(`${runtime.url}/api/jobs/${jobId}/tmx?target_language=ES`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/x-tmx+xml; charset=utf-8');
    assert.equal(response.headers.get('content-disposition'), `attachment; filename="${jobId}.es.tmx"`);
    const text = await response.text();
    assert.match(text, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<tmx version="1\.4">/);
    // The job's run wrote its segment memory, which the export reads.
    assert.match(
      text,
      /<tu><tuv xml:lang="und"><seg>Hello<\/seg><\/tuv><tuv xml:lang="es"><seg>\[es: Ĥéļļö\]<\/seg><\/tuv><\/tu>\n<\/body>\n<\/tmx>\n$/,
    );
  });

  void test('bad requests are JSON errors', async () => {
    const missing = await fetch(`${runtime.url}/api/jobs/${jobId}/tmx`);
    assert.equal(missing.status, 400);
    assert.equal(
      ((await missing.json()) as { error: { code: string } }).error.code,
      'invalid_target_language',
    );
    const unknown = await fetch(`${runtime.url}/api/jobs/not-a-job/tmx?target_language=es`);
    assert.equal(unknown.status, 400);
    assert.equal(((await unknown.json()) as { error: { code: string } }).error.code, 'invalid_job_id');
  });
});
