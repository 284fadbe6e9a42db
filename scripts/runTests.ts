/**
 * `npm test`: runs every test file with Node's test runner against a real Azurite. Uses the storage named
 * by AzureWebJobsStorage when set (CI starts Azurite itself), otherwise starts a private in-memory one.
 * Likewise the Apertium APy server named by APERTIUM_URL, otherwise a private one on a free loopback port.
 * Debian packages the tests need (Chromium, Apertium) are installed first when missing (systemPackages.ts).
 * Extra arguments filter test files by substring: `npm test -- tracker`.
 * `--reliability` (`npm run test:reliability`) runs only test/reliability, which `npm test` leaves out: crash,
 * outage, fault and fuzz runs that take minutes, one file at a time, always on a private fresh Azurite.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startApertium } from './apertium.js';
import { startAzurite, type AzuriteHandle } from './azurite.js';
import { ensureSystemPackages } from './systemPackages.js';

const RELIABILITY_DIR = join('test', 'reliability');

function testFiles(dir: string, skip?: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return path === skip ? [] : testFiles(path, skip);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const reliability = process.argv.includes('--reliability');
const filters = process.argv.slice(2).filter((arg) => arg !== '--reliability');
const files = (reliability ? testFiles(RELIABILITY_DIR) : testFiles('test', RELIABILITY_DIR))
  .filter((f) => filters.length === 0 || filters.some((needle) => f.includes(needle)))
  .sort();

console.log(`Tests on Node ${process.version}.`);
ensureSystemPackages();
// Tests of the standalone worker run the compiled JavaScript (`npm run serve`, deploy/), so compile these sources
// first, once, before any test file can read dist/.
execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
let azurite: AzuriteHandle | undefined;
const env = { ...process.env };
let apertium: Awaited<ReturnType<typeof startApertium>> | undefined;
if (!reliability && !env.APERTIUM_URL) {
  apertium = await startApertium();
  env.APERTIUM_URL = apertium.url;
  console.log(`Started a private Apertium APy at ${apertium.url} for the tests.`);
}
// The reliability suite always gets a fresh emulator of its own: its latency bounds (health p99 while heavy
// documents parse) measure the app, not an Azurite that still holds what the whole test suite wrote.
if (reliability || !env.AzureWebJobsStorage) {
  azurite = await startAzurite();
  env.AzureWebJobsStorage = azurite.connectionString;
  console.log('Started a private in-memory Azurite for the tests.');
}

const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    // Fails any test that leaves a queue, table or container it created (test/helpers/leakGuard.ts).
    '--import',
    './test/helpers/leakGuard.ts',
    '--test',
    `--test-concurrency=${reliability ? 1 : 2}`,
    '--test-reporter=spec',
    ...files,
  ],
  { stdio: 'inherit', env },
);
const code: number = await new Promise((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
await azurite?.stop();
await apertium?.stop();
process.exit(code);
