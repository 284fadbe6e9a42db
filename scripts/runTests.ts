/**
 * `npm test`: runs every test file with Node's test runner against a real Azurite. Uses the storage named
 * by AzureWebJobsStorage when set (CI starts Azurite itself), otherwise starts a private in-memory one.
 * Extra arguments filter test files by substring: `npm test -- tracker`.
 */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startAzurite, type AzuriteHandle } from './azurite.js';

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const filters = process.argv.slice(2);
const files = testFiles('test')
  .filter((f) => filters.length === 0 || filters.some((needle) => f.includes(needle)))
  .sort();

let azurite: AzuriteHandle | undefined;
const env = { ...process.env };
if (!env.AzureWebJobsStorage) {
  azurite = await startAzurite();
  env.AzureWebJobsStorage = azurite.connectionString;
  console.log('Started a private in-memory Azurite for the tests.');
}

const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { stdio: 'inherit', env },
);
const code: number = await new Promise((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
await azurite?.stop();
process.exit(code);
