import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../src/cli/program.js';
import type { JobStatusBody } from '../../src/lib/jobs/jobStatusBody.js';
import type { LocalRuntime } from '../../src/runtime/localRuntime.js';
import { PseudoTranslator } from '../../src/lib/translation/pseudoTranslator.js';
import { startTestRuntime } from '../helpers/localRuntime.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../helpers/testServices.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

void describe('batch-translate estimate and --max-characters', () => {
  let env: TestEnvironment;
  let runtime: LocalRuntime;

  before(async () => {
    env = await testEnvironment(
      { PRICE_PER_MILLION_CHARACTERS: '20' },
      { translator: new PseudoTranslator(0) },
    );
    runtime = await startTestRuntime(env);
  });
  after(async () => {
    await runtime.stop();
    await env.cleanup();
  });

  async function cli(...argv: string[]): Promise<Run> {
    let stdout = '';
    let stderr = '';
    const connectionString =
      env.config.storage.kind === 'connectionString' ? env.config.storage.connectionString : '';
    const code = await runCli(['--url', `${runtime.url}/api`, ...argv], {
      env: { AzureWebJobsStorage: connectionString },
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      interactive: false,
    });
    return { code, stdout, stderr };
  }

  void test('estimate prints files, segments, characters and cost per language, and translates nothing', async () => {
    const source = await env.sourceContainer({
      'a.txt': 'Hello there.\n',
      'b.md': '# Title\n\nSome body text.\n',
    });
    const target = uniqueName('out');
    const run = await cli('estimate', source, '--to', 'es,fr', '--target', target);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.match(lines[0] ?? '', /^language\s+files\s+segments\s+characters\s+cost$/);
    assert.match(lines[1] ?? '', /^es\s+2\s+3\s+\d+\s+0\.\d{6}$/);
    assert.match(lines[2] ?? '', /^fr\s+2\s+3\s+\d+\s+0\.\d{6}$/);
    assert.match(lines[3] ?? '', /^total\s+4\s+6\s+\d+\s+0\.\d{6}$/);
    assert.equal(lines[4], 'at 20 per million characters');

    const json = await cli('--json', 'estimate', source, '--to', 'es', '--target', target);
    assert.equal(json.code, 0, json.stderr);
    const job = JSON.parse(json.stdout) as JobStatusBody;
    assert.equal(job.status, 'estimated');
    assert.equal(job.estimate?.by_language.es?.characters, job.estimate?.total.characters);
    assert.equal(await env.services.storage.blobs.getContainerClient(target).exists(), false);
  });

  void test('submit --max-characters sends the budget; a non-positive one is a usage error', async () => {
    const source = await env.sourceContainer({ 'a.txt': 'Hello there, a longer sentence.\n' });
    const run = await cli(
      '--json',
      'submit',
      source,
      '--to',
      'es',
      '--target',
      uniqueName('out'),
      '--max-characters',
      '5',
      '--wait',
    );
    assert.equal(run.code, 1, run.stderr);
    const job = JSON.parse(run.stdout) as JobStatusBody;
    assert.equal(job.max_characters, 5);
    assert.equal(job.status, 'failed');
    assert.equal(job.characters_charged, 0);
    const bad = await cli('submit', source, '--to', 'es', '--max-characters', '0');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /positive whole number/);
  });
});
