import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/program.js';
import { writeSegmentMap } from '../../src/lib/memory/segmentMap.js';
import { PseudoTranslator } from '../../src/lib/translation/pseudoTranslator.js';
import type { LocalRuntime } from '../../src/runtime/localRuntime.js';
import { submitJob, waitForTerminal } from '../helpers/jobs.js';
import { startTestRuntime } from '../helpers/localRuntime.js';
import { translateToolkitReads, xmllintProblems } from '../helpers/tmxJudges.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../helpers/testServices.js';

void describe('batch-translate tmx', () => {
  let env: TestEnvironment;
  let runtime: LocalRuntime;
  let folder: string;
  let jobId: string;

  before(async () => {
    env = await testEnvironment(
      { MEMORY_CONTAINER: uniqueName('mem') },
      { translator: new PseudoTranslator(0) },
    );
    runtime = await startTestRuntime(env);
    folder = mkdtempSync(join(tmpdir(), 'tmx-cli-'));
    const source = await env.sourceContainer({ 'a.txt': 'Hello world\n' });
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_languages: ['es'],
    });
    jobId = job.job_id;
    // The runtime plans and translates it, as it would any job.
    assert.equal((await waitForTerminal(env.services, jobId, 60_000)).status, 'completed');
    const memory = env.services.storage.blobs.getContainerClient(env.config.memory.container);
    await memory.createIfNotExists();
    await writeSegmentMap(memory, {
      version: 1,
      source_container: source,
      source_path: 'a.txt',
      target_language: 'es',
      fingerprint: 'f',
      job_id: jobId,
      written_at: new Date().toISOString(),
      entries: [{ source: [{ kind: 'text', text: 'Hello world' }], translation: 'Hola mundo' }],
    });
  });
  after(async () => {
    await runtime.stop();
    rmSync(folder, { recursive: true, force: true });
    await env.services.storage.blobs.getContainerClient(env.config.memory.container).deleteIfExists();
    await env.cleanup();
  });

  async function cli(...argv: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await runCli(['--url', `${runtime.url}/api`, ...argv], {
      env: {},
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      interactive: false,
    });
    return { code, stdout, stderr };
  }

  void test('-o writes the TMX file through the HTTP API; without it the TMX goes to standard output', async () => {
    const file = join(folder, 'out.tmx');
    const run = await cli('tmx', jobId, '--to', 'es', '-o', file);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Wrote \d+ bytes of TMX/);
    assert.equal(xmllintProblems(file), '');
    assert.deepEqual(translateToolkitReads(file).units, [{ source: 'Hello world', target: 'Hola mundo' }]);
    assert.equal(existsSync(`${file}.partial`), false);

    const printed = await cli('tmx', jobId, '--to', 'es');
    assert.equal(printed.code, 0, printed.stderr);
    const written = readFileSync(file, 'utf8');
    const withoutDate = (text: string) => text.replace(/creationdate="[^"]*"/, '');
    assert.equal(withoutDate(printed.stdout), withoutDate(written));
  });

  void test("a language the job does not translate into is the API's 400, and no file is left", async () => {
    const file = join(folder, 'de.tmx');
    const run = await cli('tmx', jobId, '--to', 'de', '-o', file);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /not one of this job's target languages.*\[invalid_target_language\]/);
    assert.equal(existsSync(file), false);
  });
});
