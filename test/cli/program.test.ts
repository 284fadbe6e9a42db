import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { runCli } from '../../src/cli/program.js';
import type { LocalRuntime } from '../../src/runtime/localRuntime.js';
import { PseudoTranslator } from '../../src/lib/translation/pseudoTranslator.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../helpers/testServices.js';
import { startTestRuntime } from '../helpers/localRuntime.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

void describe('batch-translate CLI against the local runtime', () => {
  let env: TestEnvironment;
  let runtime: LocalRuntime;
  let connectionString: string;

  before(async () => {
    env = await testEnvironment({}, { translator: new PseudoTranslator(0) });
    runtime = await startTestRuntime(env);
    assert.equal(env.config.storage.kind, 'connectionString');
    connectionString =
      env.config.storage.kind === 'connectionString' ? env.config.storage.connectionString : '';
  });
  after(async () => {
    await runtime.stop();
    await env.cleanup();
  });

  async function cli(...argv: string[]): Promise<Run> {
    let stdout = '';
    let stderr = '';
    const code = await runCli(['--url', `${runtime.url}/api`, ...argv], {
      env: { AzureWebJobsStorage: connectionString },
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      interactive: false,
    });
    return { code, stdout, stderr };
  }

  void test('submit a local folder --wait --out: uploads, waits, downloads every translation', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'bt-src-'));
    await mkdir(join(folder, 'a', 'b'), { recursive: true });
    await writeFile(join(folder, 'top.txt'), 'Top level');
    await writeFile(join(folder, 'a', 'b', 'deep.txt'), 'Deep file\n\nSecond');
    const out = await mkdtemp(join(tmpdir(), 'bt-out-'));

    const run = await cli('--json', 'submit', folder, '--to', 'es,fr', '--wait', '--out', out);
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout) as {
      status: string;
      total_files: number;
      downloaded_files: number;
      job_id: string;
    };
    assert.equal(result.status, 'completed');
    assert.equal(result.total_files, 4);
    assert.equal(result.downloaded_files, 4);
    assert.equal(
      await readFile(join(out, 'fr', 'a', 'b', 'deep.txt'), 'utf8'),
      '[fr: Ðééþ ƒíļé]\n\n[fr: Šéçöñð]',
    );
    assert.equal(await readFile(join(out, 'es', 'top.txt'), 'utf8'), '[es: Ţöþ ļéṽéļ]');

    const status = await cli('status', result.job_id);
    assert.equal(status.code, 0);
    assert.match(status.stdout, new RegExp(`${result.job_id}\\s+completed\\s+4/4 processed`));
    const list = await cli('--json', 'list', '--limit', '5');
    assert.ok(
      (JSON.parse(list.stdout) as { jobs: { job_id: string }[] }).jobs.some(
        (j) => j.job_id === result.job_id,
      ),
    );
  });

  void test('files --failed lists failures with their codes, and --wait exits 1 for a job with errors', async () => {
    const source = await env.sourceContainer({ 'ok.txt': 'fine', 'logo.png': 'binary' });
    const run = await cli('submit', source, '--to', 'de', '--target', uniqueName('out'), '--wait');
    assert.equal(run.code, 1, 'completed_with_errors is not success');
    assert.match(run.stdout, /completed_with_errors/);
    const jobId = /Submitted ([0-9a-f-]{36})/.exec(run.stdout)?.[1] ?? '';
    const failed = await cli('files', jobId, '--failed');
    assert.equal(failed.code, 0);
    assert.match(failed.stdout, /failed\s+de\s+logo\.png\s+unsupported_format:/);
    assert.doesNotMatch(failed.stdout, /ok\.txt/);
  });

  void test('retry --wait re-runs only the failed file, which now succeeds; a second retry has nothing to do', async () => {
    const source = await env.sourceContainer({ 'ok.txt': 'fine', 'broken.json': '{"title": "Hello' });
    const first = await cli(
      '--json',
      'submit',
      source,
      '--to',
      'de',
      '--target',
      uniqueName('out'),
      '--wait',
    );
    assert.equal(first.code, 1);
    const jobId = (JSON.parse(first.stdout) as { job_id: string }).job_id;
    // The user fixes the file, then retries the failure only.
    const fixed = Buffer.from('{"title": "Hello"}');
    await env.services.storage.blobs
      .getContainerClient(source)
      .getBlockBlobClient('broken.json')
      .upload(fixed, fixed.length);
    const retried = await cli('--json', 'retry', jobId, '--wait');
    assert.equal(retried.code, 0, retried.stderr);
    const final = JSON.parse(retried.stdout) as Record<string, unknown>;
    assert.equal(final.status, 'completed');
    assert.equal(final.retry_round, 1);
    assert.equal(final.succeeded_files, 2);
    assert.equal(final.failed_files, 0);
    const again = await cli('retry', jobId);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /no failed files.*\[nothing_to_retry\]/);
  });

  void test('submit --draft marks PO output fuzzy; files --glossary-misses filters the listing', async () => {
    const po =
      'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Open"\nmsgstr ""\n';
    const source = await env.sourceContainer({ 'app.po': po });
    const target = uniqueName('out');
    const run = await cli('--json', 'submit', source, '--to', 'de', '--target', target, '--draft', '--wait');
    assert.equal(run.code, 0, run.stderr);
    const job = JSON.parse(run.stdout) as { job_id: string; mark_as_draft: boolean };
    assert.equal(job.mark_as_draft, true);
    const out = await env.services.storage.blobs
      .getContainerClient(target)
      .getBlobClient('de/app.po')
      .downloadToBuffer();
    assert.match(out.toString('utf8'), /#, fuzzy\nmsgid "Open"/);
    const misses = await cli('files', job.job_id, '--glossary-misses');
    assert.equal(misses.code, 0);
    assert.equal(misses.stdout, 'No glossary misses.\n');
  });

  void test('cancel a finished job, an unknown job, an unreachable API, bad usage: clear messages and exit codes', async () => {
    const unknown = await cli('status', randomUUID());
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /No job with id .*\[job_not_found\]/);

    const source = await env.sourceContainer({ 'x.txt': 'x' });
    const done = await cli('--json', 'submit', source, '--to', 'it', '--target', uniqueName('out'), '--wait');
    const jobId = (JSON.parse(done.stdout) as { job_id: string }).job_id;
    const cancel = await cli('cancel', jobId);
    assert.equal(cancel.code, 1);
    assert.match(cancel.stderr, /already ended with status completed.*\[job_finished\]/);

    const unreachable = await runCli(['--url', 'http://127.0.0.1:9/api', 'list'], {
      env: {},
      stdout: () => undefined,
      stderr: (t) => assert.match(t, /Cannot reach the API at http:\/\/127\.0\.0\.1:9\/api/),
      interactive: false,
    });
    assert.equal(unreachable, 1);

    const usage = await cli('submit', 'somewhere');
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /required option '--to <languages>'/);
    const badUrl = await runCli(['--url', 'not a url', 'list'], {
      env: {},
      stdout: () => undefined,
      stderr: () => undefined,
      interactive: false,
    });
    assert.equal(badUrl, 2);
  });

  void test('--url takes the app address with or without /api; a wrong one is named in the error', async () => {
    const run = async (url: string) => {
      let stdout = '';
      let stderr = '';
      const code = await runCli(['--url', url, '--json', 'list', '--limit', '1'], {
        env: {},
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        interactive: false,
      });
      return { code, stdout, stderr };
    };
    for (const url of [runtime.url, `${runtime.url}/`, `${runtime.url}/api`, `${runtime.url}/api/`]) {
      const answer = await run(url);
      assert.equal(answer.code, 0, `${url}: ${answer.stderr}`);
      assert.ok(Array.isArray((JSON.parse(answer.stdout) as { jobs: unknown }).jobs), url);
    }
    const wrong = await run(`${runtime.url}/elsewhere`);
    assert.equal(wrong.code, 1);
    assert.ok(
      wrong.stderr.includes(`GET ${runtime.url}/elsewhere/api/jobs?limit=1`),
      `the error names the URL tried: ${wrong.stderr}`,
    );
    assert.match(wrong.stderr, /\[not_found\]/);
  });
});
