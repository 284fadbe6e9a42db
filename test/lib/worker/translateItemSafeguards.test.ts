import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { listJobFiles } from '../../../src/lib/jobs/listJobFiles.js';
import type {
  TranslateRequest,
  TranslateResult,
  Translator,
} from '../../../src/lib/translation/translator.js';
import { readBlobText, runJobInProcess } from '../../helpers/jobs.js';
import type { ItemLimits } from '../../../src/lib/worker/itemLimits.js';
import { RecordingTranslator, TokenDroppingTranslator } from '../../helpers/recordingTranslator.js';
import { testEnvironment, uniqueName, type TestEnvironment } from '../../helpers/testServices.js';

/** The production sizes scaled down, so that "large file" paths run on files of tens of kilobytes. */
const SMALL: ItemLimits = { singleReadBytes: 48 * 1024, partChars: 12 * 1024, blockBytes: 32 * 1024 };
const SINGLE_READ_BYTES = SMALL.singleReadBytes;
const PART_CHARS = SMALL.partChars;

void describe('translateItem: a provider that damages protected content', () => {
  let env: TestEnvironment;
  before(async () => {
    env = await testEnvironment({}, { translator: new TokenDroppingTranslator() });
  });
  after(() => env.cleanup());

  void test('fails the file with placeholder_mismatch rather than write a broken document', async () => {
    const source = await env.sourceContainer({ 'a.md': 'Run `npm install` to start.\n' });
    const target = uniqueName('out');
    const status = await runJobInProcess(env.services, {
      source_container: source,
      target_container: target,
      target_languages: ['es'],
    });
    const failed = await listJobFiles(env.services, status.job_id, { status: 'failed' });
    assert.equal(failed.files[0]?.error?.code, 'placeholder_mismatch');
    assert.equal(
      await env.services.storage.blobs.getContainerClient(target).getBlobClient('es/a.md').exists(),
      false,
    );
  });
});

void describe('translateItem: one retry budget per item', () => {
  let env: TestEnvironment;
  const budgets: (number | undefined)[] = [];
  class BudgetRecorder extends RecordingTranslator {
    override translate(request: TranslateRequest): Promise<TranslateResult> {
      budgets.push(request.retryBudgetMs);
      return super.translate(request);
    }
  }
  before(async () => {
    // A provider with a retry budget (the recorder stands in for it; the URL is never called).
    env = await testEnvironment(
      {
        TRANSLATOR_PROVIDER: 'apertium',
        APERTIUM_URL: 'http://127.0.0.1:9',
        TRANSLATOR_RETRY_BUDGET_SECONDS: '60',
      },
      { translator: new BudgetRecorder(), itemLimits: SMALL },
    );
  });
  after(() => env.cleanup());

  void test('the calls for the parts of a large file share what is left of one budget', async () => {
    const paragraph = 'A paragraph of plain text that goes on for a while. '.repeat(20);
    // Parts follow the download's chunks when those are larger than a part: make sure there are several.
    const big = Array.from(
      { length: Math.ceil((SINGLE_READ_BYTES + 16 * PART_CHARS) / paragraph.length) },
      () => paragraph,
    ).join('\n\n');
    const source = await env.sourceContainer({ 'big.txt': big });
    const status = await runJobInProcess(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_languages: ['es'],
    });
    assert.equal(status.succeeded_files, 1);
    assert.ok(budgets.length > 3, `${budgets.length} calls`);
    assert.ok(
      budgets.every((b) => b !== undefined && b <= 60_000 && b >= 0),
      JSON.stringify(budgets),
    );
    const numbers = budgets as number[];
    assert.ok(
      numbers.every((b, i) => i === 0 || b <= numbers[i - 1]!),
      'never grows back',
    );
  });
});

/** Pseudo-translates text, but writes the glossary term "Widget" in the source language: an engine ignoring it. */
class TermIgnoringTranslator implements Translator {
  readonly name = 'term-ignoring';
  readonly maxSegmentChars = 50_000;
  translate(request: TranslateRequest): Promise<TranslateResult> {
    const segments = request.segments.map((pieces) =>
      pieces
        .map((p) =>
          p.kind === 'text'
            ? `<${p.text}>`
            : p.kind === 'term' && p.text !== 'Widget'
              ? p.translation
              : p.text,
        )
        .join(''),
    );
    const charactersCharged = request.segments.flat().reduce((n, p) => n + p.text.length, 0);
    return Promise.resolve({ segments, charactersCharged, requests: 1, charactersSent: charactersCharged });
  }
}

void describe('translateItem: drafts and the glossary report', () => {
  let env: TestEnvironment;
  before(async () => {
    env = await testEnvironment({}, { translator: new TermIgnoringTranslator() });
  });
  after(() => env.cleanup());

  const po = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Open"\nmsgstr ""\n';

  void test('mark_as_draft marks PO output fuzzy; the same file without it is not reused from the draft', async () => {
    const source = await env.sourceContainer({ 'app.po': po });
    const target = uniqueName('out');
    const draft = await runJobInProcess(env.services, {
      source_container: source,
      target_container: target,
      target_languages: ['es'],
      mark_as_draft: true,
    });
    assert.equal(draft.mark_as_draft, true);
    assert.match(
      await readBlobText(env.services, target, 'es/app.po'),
      /#, fuzzy\nmsgid "Open"\nmsgstr "<Open>"/,
    );
    const plainTarget = uniqueName('out');
    const plain = await runJobInProcess(env.services, {
      source_container: source,
      target_container: plainTarget,
      target_languages: ['es'],
    });
    assert.equal(plain.mark_as_draft, false);
    const files = await listJobFiles(env.services, plain.job_id, {});
    assert.equal(files.files[0]?.cache, null, 'not copied from the draft output');
    const out = await readBlobText(env.services, plainTarget, 'es/app.po');
    assert.doesNotMatch(out, /fuzzy/);
    assert.match(out, /msgid "Open"\nmsgstr "<Open>"/);
  });

  void test('/files lists per file the glossary terms found and those the output lacks', async () => {
    const source = await env.sourceContainer({
      'a.txt': 'Click the Widget on the Dashboard.\n',
      'b.txt': 'Open the Dashboard.\n',
      'c.txt': 'Nothing to see.\n',
    });
    const status = await runJobInProcess(env.services, {
      source_container: source,
      target_container: uniqueName('out'),
      target_languages: ['es'],
      glossary: { es: { Widget: 'Control', Dashboard: 'Panel' } },
    });
    assert.equal(status.succeeded_files, 3);
    const files = await listJobFiles(env.services, status.job_id, {});
    const byPath = new Map(files.files.map((f) => [f.source_path, f]));
    assert.deepEqual(byPath.get('a.txt')?.glossary_terms_found, ['Dashboard', 'Widget']);
    assert.deepEqual(byPath.get('a.txt')?.glossary_misses, ['Widget']);
    assert.deepEqual(byPath.get('b.txt')?.glossary_terms_found, ['Dashboard']);
    assert.deepEqual(byPath.get('b.txt')?.glossary_misses, []);
    assert.equal(byPath.get('c.txt')?.glossary_terms_found, null);
    assert.equal(byPath.get('c.txt')?.glossary_misses, null);
  });
});
