import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { extensionOf, TEXT_FORMATS } from '../src/lib/formats/registry.js';
import { readBlobText, runJobInProcess } from './helpers/jobs.js';
import { testEnvironment, uniqueName, type TestEnvironment } from './helpers/testServices.js';

const SAMPLES = new URL('../samples/', import.meta.url).pathname;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [relative(SAMPLES, path)];
  });
}

void describe('samples/ (what npm run demo translates)', () => {
  let env: TestEnvironment;
  before(async () => {
    env = await testEnvironment();
  });
  after(() => env.cleanup());

  void test('holds one file of every supported format, and every file translates', async () => {
    const files = filesUnder(SAMPLES);
    const extensions = new Set(files.map(extensionOf));
    for (const format of TEXT_FORMATS) {
      assert.ok(
        format.extensions.some((ext) => extensions.has(ext)),
        `samples/ has no ${format.id} file (${format.extensions.join(', ')})`,
      );
    }
    const source = await env.sourceContainer(
      Object.fromEntries(files.map((path) => [path, readFileSync(join(SAMPLES, path))])),
    );
    const target = uniqueName('out');
    const status = await runJobInProcess(env.services, {
      source_container: source,
      target_container: target,
      target_languages: ['es'],
    });
    assert.equal(status.status, 'completed', JSON.stringify(status));
    assert.equal(status.succeeded_files, files.length);
    for (const path of files) {
      const output = await readBlobText(env.services, target, `es/${path}`);
      assert.notEqual(output, readFileSync(join(SAMPLES, path), 'utf8'), `${path} was translated`);
      assert.match(output, /\[es: /, `${path} holds pseudo-translated text`);
    }
  });
});
