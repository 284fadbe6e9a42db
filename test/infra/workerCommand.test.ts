/**
 * The standalone worker's command, image and VM service against the code: the command is the one package.json
 * (`npm run serve`) and the docs use and exists after `npm run build`; the Dockerfile's two images are built
 * from what exists; the systemd unit is hardened, waits out the longest item and sets only real settings. No
 * container engine runs here, so the Dockerfile is read as text.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SETTING_NAMES, loadConfig } from '../../src/lib/config.js';
import { lastInstruction } from './dockerfileText.js';
import {
  ROOT,
  dockerStage,
  fillPlaceholders,
  itemTimeoutSeconds,
  readText,
  serveCommand,
} from './deployFiles.js';

void describe('the standalone worker command', () => {
  void test('npm run serve runs the compiled JavaScript, which npm run build produces', () => {
    assert.deepEqual(serveCommand, ['node', 'dist/src/runtime/serve.js']);
    // npm test runs the build before any test file (scripts/runTests.ts).
    assert.ok(existsSync(join(ROOT, serveCommand[1] ?? '')), `${serveCommand[1]} exists after npm run build`);
    assert.ok(existsSync(join(ROOT, 'src/runtime/serve.ts')));
  });

  void test('the docs start the worker the same way', () => {
    const docs = readText('docs/deploy.md');
    assert.ok(docs.includes('npm run serve'), 'docs/deploy.md runs npm run serve');
    assert.ok(docs.includes(serveCommand.join(' ')), `docs/deploy.md names ${serveCommand.join(' ')}`);
    assert.ok(docs.includes('--target worker') && docs.includes('--target functions'));
  });
});

void describe('Dockerfile', () => {
  void test("the worker image runs npm run serve's command, unprivileged, with a health check", () => {
    const worker = dockerStage('worker');
    assert.equal(worker.image, 'node:22-slim');
    assert.deepEqual(JSON.parse(lastInstruction(worker, 'CMD')), serveCommand);
    assert.notEqual(lastInstruction(worker, 'USER'), 'root');
    assert.match(lastInstruction(worker, 'HEALTHCHECK'), /\/api\/health/);
    assert.match(lastInstruction(worker, 'ENV'), /BIND_ADDRESS=0\.0\.0\.0/);
    assert.equal(lastInstruction(worker, 'STOPSIGNAL'), 'SIGTERM');
    // host.json: the queue settings and the shutdown bound.
    assert.ok(worker.instructions.some((i) => i.keyword === 'COPY' && /host\.json/.test(i.args)));
  });

  void test('the Functions image is the official Node.js 22 host with the compiled app', () => {
    const functions = dockerStage('functions');
    assert.equal(functions.image, 'mcr.microsoft.com/azure-functions/node:4-node22');
    assert.match(lastInstruction(functions, 'ENV'), /AzureWebJobsScriptRoot=\/home\/site\/wwwroot/);
    const copies = functions.instructions.filter((i) => i.keyword === 'COPY').map((i) => i.args);
    for (const needed of ['package.json', 'host.json', 'node_modules', 'dist']) {
      assert.ok(
        copies.some((c) => c.includes(needed)),
        `copies ${needed}`,
      );
    }
  });

  void test('the build stage copies files that exist, and .dockerignore lets exactly them through', () => {
    const build = dockerStage('build');
    const sources = build.instructions
      .filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from'))
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    assert.ok(sources.length > 0);
    const dockerignore = readText('.dockerignore');
    for (const source of sources) {
      assert.ok(existsSync(join(ROOT, source)), `${source} exists`);
      assert.ok(dockerignore.includes(`!${source}`), `.dockerignore lets ${source} through`);
    }
    assert.ok(build.instructions.some((i) => i.keyword === 'RUN' && i.args.includes('npm prune --omit=dev')));
  });
});

/** `Key=Value` lines of a systemd unit, per key (a key may repeat). */
function unitDirectives(text: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (match) directives.set(match[1] ?? '', [...(directives.get(match[1] ?? '') ?? []), match[2] ?? '']);
  }
  return directives;
}

void describe('deploy/systemd', () => {
  const unitText = readText('deploy/systemd/batch-translator.service');
  const unit = unitDirectives(unitText);
  const value = (key: string): string => {
    const values = unit.get(key);
    assert.ok(values?.length === 1, `one ${key}=`);
    return values[0] ?? '';
  };

  void test("the unit runs npm run serve's command, hardened, restarting on failure", () => {
    assert.equal(value('ExecStart'), `/usr/bin/${serveCommand.join(' ')}`);
    assert.ok(value('DynamicUser') === 'yes' || unit.has('User'), 'not root');
    assert.equal(value('ProtectSystem'), 'strict');
    assert.equal(value('NoNewPrivileges'), 'yes');
    assert.equal(value('Restart'), 'on-failure');
    assert.equal(value('KillSignal'), 'SIGTERM');
    assert.equal(value('EnvironmentFile'), '/etc/batch-translator/batch-translator.env');
  });

  void test('systemd waits longer than the longest item before killing the worker', () => {
    const timeout = Number(value('TimeoutStopSec'));
    assert.ok(timeout > itemTimeoutSeconds, `${timeout} s > ${itemTimeoutSeconds} s`);
  });

  void test('the environment file sets only settings the app reads, and they are a valid configuration', () => {
    const values: Record<string, string> = {};
    for (const line of readText('deploy/systemd/batch-translator.env').split('\n')) {
      if (!line.trim() || line.trim().startsWith('#')) continue;
      const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
      assert.ok(match, `KEY=value: ${line}`);
      values[match[1] ?? ''] = fillPlaceholders(match[2] ?? '');
    }
    const unknown = Object.keys(values).filter((name) => !SETTING_NAMES.includes(name));
    assert.deepEqual(unknown, [], 'settings src/lib/config.ts does not read');
    const config = loadConfig(values, {});
    assert.equal(config.storage.kind, 'identity');
    assert.equal(config.processingMode, 'queue');
  });

  void test('systemd-analyze verify accepts every directive of the unit', () => {
    // scripts/systemPackages.ts installs systemd (for systemd-analyze) before the tests.
    const result = spawnSync('systemd-analyze', ['verify', 'deploy/systemd/batch-translator.service'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(result.error, undefined, 'systemd-analyze is installed');
    // It reports unknown keys and bad values as warnings; the missing executable and paths of a VM do not count.
    const problems = `${result.stdout}${result.stderr}`
      .split('\n')
      .filter(
        (line) =>
          line.trim() && !/Command \/usr\/bin\/node is not executable|not found|No such file/.test(line),
      );
    assert.deepEqual(problems, []);
  });
});
