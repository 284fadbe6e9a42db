/**
 * The web page (GET /api/ui) in a real browser: Playwright driving Debian's Chromium (installed by .ci/run)
 * against the local runtime and Azurite. Writes the README's screenshots to docs/images.
 */
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { LocalRuntime } from '../../src/runtime/localRuntime.js';
import { PseudoTranslator } from '../../src/lib/translation/pseudoTranslator.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../helpers/testServices.js';
import { startTestRuntime } from '../helpers/localRuntime.js';
import { FaultyTranslator } from '../helpers/faultyTranslator.js';
import { jobStatus, submitJob, waitForTerminal } from '../helpers/jobs.js';
import type { TranslateRequest, TranslateResult, Translator } from '../../src/lib/translation/translator.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = new URL('../../docs/images/', import.meta.url);

void describe('web page in Chromium', () => {
  let browser: Browser;
  const cleanups: (() => Promise<void>)[] = [];

  before(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} not found: the browser tests need Debian's Chromium (apt-get install -y chromium; .ci/run installs it).`,
      );
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  after(async () => {
    await browser?.close();
  });

  async function runtimeWith(
    translator?: Translator,
  ): Promise<{ env: TestEnvironment; runtime: LocalRuntime }> {
    const env = await testEnvironment({}, translator ? { translator } : {});
    const runtime = await startTestRuntime(env);
    cleanups.push(
      () => runtime.stop(),
      () => env.cleanup(),
    );
    return { env, runtime };
  }

  /** A page that fails the test on any script error or CSP violation. */
  async function openPage(url: string, viewport = { width: 1100, height: 900 }): Promise<Page> {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && !/Failed to load resource/.test(message.text()))
        problems.push(message.text());
    });
    cleanups.push(async () => {
      await context.close();
      assert.deepEqual(problems, [], 'no script errors or CSP violations');
    });
    const response = await page.goto(url);
    assert.equal(response?.status(), 200);
    assert.match(response?.headers()['content-type'] ?? '', /^text\/html/);
    assert.match(response?.headers()['content-security-policy'] ?? '', /script-src 'nonce-[^']+'/);
    return page;
  }

  // Browser-side code is passed as text: the tests compile without the DOM library.
  const progressWidths = (page: Page): Promise<number[]> =>
    page.evaluate(
      "['succeeded', 'failed', 'cancelled'].map((k) => parseFloat(document.getElementById('bar-' + k).style.width))",
    );

  void test('submit a job from the form with the keyboard, watch it complete, reload and still see it', async () => {
    const { env, runtime } = await runtimeWith();
    const source = await env.sourceContainer({
      'guide.md': '# Guide\n\nHello world.',
      'faq.txt': 'Questions and answers.',
      'docs/intro.txt': 'Introduction.',
    });
    const target = uniqueName('out');
    const page = await openPage(`${runtime.url}/api/ui`);
    await page.getByLabel('Source container').focus();
    await page.keyboard.type(source);
    await page.keyboard.press('Tab');
    await page.keyboard.type(target);
    await page.keyboard.press('Tab');
    await page.keyboard.type('fr, de');
    await page.keyboard.press('Enter');

    await page.waitForURL(/\?job=[0-9a-f-]{36}$/);
    const jobId = new URL(page.url()).searchParams.get('job') ?? '';
    await page.locator('#job-status', { hasText: 'completed' }).waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('#count-total').textContent(), '6');
    assert.equal(await page.locator('#count-succeeded').textContent(), '6');
    assert.equal(await page.locator('#progress').getAttribute('aria-valuenow'), '100');
    assert.deepEqual(await progressWidths(page), [100, 0, 0]);
    assert.notEqual(await page.locator('#characters').textContent(), '0');
    assert.equal(await page.locator('#cancel-button').isHidden(), true, 'no cancel button once finished');
    await page.locator('#job-heading').blur();
    await page.screenshot({ path: new URL('job-completed.png', SCREENSHOTS).pathname, fullPage: true });

    await page.reload();
    await page.locator('#job-status', { hasText: 'completed' }).waitFor();
    assert.equal(await page.locator('#job-id').textContent(), jobId);

    // The job list links to it.
    await page.getByRole('link', { name: 'All jobs' }).click();
    await page.locator(`a.job-link[data-job="${jobId}"]`).waitFor();
  });

  void test('a job with failures reaches 100% with the failed share in red and lists each failed file', async () => {
    const { env, runtime } = await runtimeWith(new FaultyTranslator((segment) => segment.includes('BROKEN')));
    const source = await env.sourceContainer({
      'a.txt': 'fine',
      'b.txt': 'also fine',
      'c.txt': 'BROKEN beyond repair',
      'logo.png': 'not text',
    });
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'es',
    });
    await waitForTerminal(env.services, job.job_id);
    // A phone-sized screen: the layout must fit without sideways scrolling.
    const page = await openPage(`${runtime.url}/api/ui?job=${job.job_id}`, { width: 390, height: 844 });
    await page.locator('#job-status', { hasText: 'completed with errors' }).waitFor();
    await page.locator('#failed-body tr').nth(1).waitFor();
    const rows = await page.evaluate<string[][]>(
      "Array.from(document.querySelectorAll('#failed-body tr')).map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent))",
    );
    const byFile: Record<string, string | undefined> = Object.fromEntries(
      rows.map((r) => [r[0] ?? '', r[2]]),
    );
    assert.deepEqual(byFile, { 'c.txt': 'retries_exhausted', 'logo.png': 'unsupported_format' });
    assert.equal(await page.locator('#progress').getAttribute('aria-valuenow'), '100');
    const [succeeded, failed, cancelled] = await progressWidths(page);
    assert.equal(succeeded, 50);
    assert.equal(failed, 50);
    assert.equal(cancelled, 0);
    const colours = await page.evaluate<string[]>(
      "['succeeded', 'failed'].map((k) => getComputedStyle(document.getElementById('bar-' + k)).backgroundColor)",
    );
    assert.notEqual(colours[0], colours[1], 'succeeded and failed are distinct colours');
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    assert.ok(overflow <= 0, `no horizontal scrolling on a phone (overflow ${overflow}px)`);
    await page.screenshot({ path: new URL('job-with-failures.png', SCREENSHOTS).pathname, fullPage: true });
  });

  void test('cancel a running job from its page', async () => {
    // ~300 items x 400 ms / 24 in flight = ~5 s of work: the click always lands while the job is running.
    const { env, runtime } = await runtimeWith(new PseudoTranslator(400));
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`part-${i}.txt`] = `Paragraph ${i}`;
    const source = await env.sourceContainer(files);
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'it',
    });
    const page = await openPage(`${runtime.url}/api/ui?job=${job.job_id}`);
    await page.locator('#job-status', { hasText: 'processing' }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Cancel job' }).click();
    await page.locator('#job-status', { hasText: 'cancelled' }).waitFor({ timeout: 30_000 });
    await page.waitForFunction("document.getElementById('count-processed').textContent === '300'");
    assert.ok(Number(await page.locator('#count-cancelled').textContent()) > 0);
    assert.equal(await page.locator('#progress').getAttribute('aria-valuenow'), '100');
    const final = await waitForTerminal(env.services, job.job_id);
    assert.equal(final.status, 'cancelled');
  });

  void test('API errors are shown in plain words', async () => {
    const { runtime } = await runtimeWith();
    const page = await openPage(`${runtime.url}/api/ui`);
    await page.getByLabel('Source container').fill('no-such-container');
    await page.getByLabel('Target container').fill('out-somewhere');
    await page.getByLabel(/Target languages/).fill('fr');
    await page.getByRole('button', { name: 'Submit job' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'source_container "no-such-container" does not exist.' })
      .waitFor();
    await page.goto(`${runtime.url}/api/ui?job=00000000-0000-4000-8000-000000000000`);
    const alert = page.getByRole('alert');
    await alert.filter({ hasText: /not found|no job/i }).waitFor();
  });

  void test('retry the failed files from the page; glossary misses and drafts are shown and sent', async () => {
    let broken = true;
    const faulty = new FaultyTranslator((segment) => broken && segment.includes('BROKEN'));
    // An engine that ignores the glossary term "Widget" (writes it as ordinary text).
    const ignoringWidget: Translator = {
      name: 'ignoring-widget',
      maxSegmentChars: 50_000,
      translate: (request: TranslateRequest): Promise<TranslateResult> =>
        faulty.translate({
          ...request,
          segments: request.segments.map((pieces) =>
            pieces.map((p) =>
              p.kind === 'term' && p.text === 'Widget' ? { kind: 'text', text: p.text } : p,
            ),
          ),
        }),
    };
    const { env, runtime } = await runtimeWith(ignoringWidget);
    const source = await env.sourceContainer({
      'a.txt': 'Press the Widget.',
      'b.txt': 'BROKEN for now',
      'c.txt': 'Open the Panel.',
    });
    const job = await submitJob(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_language: 'es',
      glossary: { es: { Widget: 'Control', Panel: 'Tablero' } },
    });
    await waitForTerminal(env.services, job.job_id);
    const page = await openPage(`${runtime.url}/api/ui?job=${job.job_id}`);
    await page.locator('#job-status', { hasText: 'completed with errors' }).waitFor();
    await page.locator('#misses-body tr').first().waitFor();
    const misses = await page.evaluate<string[][]>(
      "Array.from(document.querySelectorAll('#misses-body tr')).map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent))",
    );
    assert.deepEqual(misses, [['a.txt', 'es', 'Widget', 'Widget']]);

    broken = false;
    await page.getByRole('button', { name: 'Retry failed files' }).click();
    await page.locator('#job-status', { hasText: /^completed$/ }).waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('#count-failed').textContent(), '0');
    assert.equal(await page.locator('#count-succeeded').textContent(), '3');
    assert.equal(await page.locator('#retry-round').textContent(), '1');
    assert.equal(await page.locator('#retry-button').isHidden(), true, 'nothing left to retry');
    await page.locator('#failed-empty').waitFor();

    // The submit form sends mark_as_draft when the box is ticked.
    await page.getByRole('link', { name: 'All jobs' }).click();
    await page.getByLabel('Source container').fill(source);
    await page.getByLabel('Target container').fill(uniqueName('out'));
    await page.getByLabel(/Target languages/).fill('fr');
    await page.getByLabel(/Mark translations as drafts/).check();
    await page.getByRole('button', { name: 'Submit job' }).click();
    await page.waitForURL(/\?job=[0-9a-f-]{36}$/);
    const draftJob = new URL(page.url()).searchParams.get('job') ?? '';
    assert.equal((await jobStatus(env.services, draftJob)).mark_as_draft, true);
    await waitForTerminal(env.services, draftJob);
  });
});
