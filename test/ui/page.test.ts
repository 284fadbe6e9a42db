/**
 * The page's script is a file read at run time: from src/ under tsx (`npm run serve`, the tests) and from
 * dist/ under the Functions host, where `npm run build` must have put it next to page.js.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { renderUiPage } from '../../src/lib/ui/page.js';

const ROOT = new URL('../../', import.meta.url);
const SCRIPT_FILE = new URL('src/lib/ui/browser/pageScript.js', ROOT);

void describe('web page script', () => {
  void test('is inlined verbatim from browser/pageScript.js under the nonce', async () => {
    const script = await readFile(SCRIPT_FILE, 'utf8');
    assert.ok(script.includes("const base = location.pathname.replace(/\\/ui\\/?$/, '/');"));
    const page = renderUiPage('n0nce');
    assert.ok(page.includes(`<script nonce="n0nce">${script}</script>`));
    assert.equal(page.split('<script').length, 2, 'one script element');
  });

  void test('is served the same by the built app (npm run build), which the Functions host loads', async () => {
    await promisify(execFile)('npm', ['run', '--silent', 'build'], { cwd: ROOT, timeout: 300_000 });
    const built = (await import(
      new URL('dist/src/lib/ui/page.js', ROOT).href
    )) as typeof import('../../src/lib/ui/page.js');
    assert.equal(built.renderUiPage('n0nce'), renderUiPage('n0nce'));
  });
});
