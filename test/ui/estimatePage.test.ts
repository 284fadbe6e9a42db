/** The web page's estimate and budget (GET /api/ui) in Chromium, against the local runtime and Azurite. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { LocalRuntime } from '../../src/runtime/localRuntime.js';
import { PseudoTranslator } from '../../src/lib/translation/pseudoTranslator.js';
import { startTestRuntime } from '../helpers/localRuntime.js';
import { jobStatus } from '../helpers/jobs.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../helpers/testServices.js';

const CHROMIUM = '/usr/bin/chromium';

void describe('web page: estimate before submitting, max characters', () => {
  let browser: Browser;
  let env: TestEnvironment;
  let runtime: LocalRuntime;

  before(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
    });
    env = await testEnvironment(
      { PRICE_PER_MILLION_CHARACTERS: '10' },
      { translator: new PseudoTranslator(0) },
    );
    runtime = await startTestRuntime(env);
  });
  after(async () => {
    await browser?.close();
    await runtime?.stop();
    await env?.cleanup();
  });

  async function openPage(problems: string[]): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1100, height: 900 } })).newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && !/Failed to load resource/.test(message.text()))
        problems.push(message.text());
    });
    await page.goto(`${runtime.url}/api/ui`);
    return page;
  }

  const estimateRows = (page: Page): Promise<string[][]> =>
    page.evaluate<string[][]>(
      "Array.from(document.querySelectorAll('#estimate-body tr')).map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent))",
    );

  void test('Estimate shows files, segments, characters and cost per language, then Submit runs with the budget', async () => {
    const problems: string[] = [];
    const source = await env.sourceContainer({
      'a.txt': 'Hello there.\n',
      'b.md': '# Title\n\nSome body text.\n',
    });
    const target = uniqueName('out');
    const page = await openPage(problems);
    await page.getByLabel('Source container').fill(source);
    await page.getByLabel('Target container').fill(target);
    await page.getByLabel(/Target languages/).fill('es, fr');
    await page.getByRole('button', { name: 'Estimate' }).click();
    await page.locator('#estimate-table').waitFor({ state: 'visible', timeout: 30_000 });
    const rows = await estimateRows(page);
    assert.deepEqual(
      rows.map((r) => [r[0], r[1], r[2]]),
      [
        ['es', '2', '3'],
        ['fr', '2', '3'],
        ['Total', '4', '6'],
      ],
    );
    const characters = Number((rows[2]?.[3] ?? '').replace(/\D/g, ''));
    assert.ok(characters > 0);
    assert.equal(rows[2]?.[4], ((characters * 10) / 1e6).toFixed(4));
    assert.equal(await page.locator('#estimate-cost-heading').textContent(), 'Cost');
    assert.match((await page.locator('#estimate-note').textContent()) ?? '', /At 10 per million characters/);
    assert.match(page.url(), /\/api\/ui$/, 'estimating stays on the form');

    await page.getByLabel(/Max characters/).fill(String(characters));
    await page.getByRole('button', { name: 'Submit job' }).click();
    await page.waitForURL(/\?job=[0-9a-f-]{36}$/);
    await page.locator('#job-status', { hasText: 'completed' }).waitFor({ timeout: 30_000 });
    assert.equal(
      await page.locator('#max-characters-desc').textContent(),
      characters.toLocaleString('en-US'),
    );
    const jobId = new URL(page.url()).searchParams.get('job') ?? '';
    const job = await jobStatus(env.services, jobId);
    assert.equal(job.max_characters, characters);
    assert.equal(job.characters_charged, characters, 'the estimate was exactly what the run charged');
    assert.deepEqual(problems, []);
  });

  void test('an invalid max characters is refused with the API message, and nothing is estimated', async () => {
    const problems: string[] = [];
    const source = await env.sourceContainer({ 'a.txt': 'Hello.\n' });
    const page = await openPage(problems);
    await page.getByLabel('Source container').fill(source);
    await page.getByLabel('Target container').fill(uniqueName('out'));
    await page.getByLabel(/Target languages/).fill('es');
    await page.getByLabel(/Max characters/).fill('lots');
    await page.getByRole('button', { name: 'Estimate' }).click();
    await page.getByRole('alert').filter({ hasText: 'max_characters' }).waitFor();
    assert.equal(await page.locator('#estimate-panel').isHidden(), true);
    assert.deepEqual(problems, []);
  });
});
